//! A listing's life: draft → published → archived, and an archived listing back to draft when
//! edited (see `store::update`). Pure.

use entities::product::ProductStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Publish,
    Archive,
}

impl Command {
    pub fn history_action(self) -> &'static str {
        match self {
            Command::Publish => "published",
            Command::Archive => "archived",
        }
    }
}

/// The status after `command`, or `None` when it does not apply (publishing twice, archiving a draft).
pub fn next(current: ProductStatus, command: Command) -> Option<ProductStatus> {
    match (current, command) {
        (ProductStatus::Draft, Command::Publish) => Some(ProductStatus::Published),
        (ProductStatus::Published, Command::Archive) => Some(ProductStatus::Archived),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_documented_steps_apply() {
        assert_eq!(next(ProductStatus::Draft, Command::Publish), Some(ProductStatus::Published));
        assert_eq!(next(ProductStatus::Published, Command::Archive), Some(ProductStatus::Archived));
        assert_eq!(next(ProductStatus::Published, Command::Publish), None);
        assert_eq!(next(ProductStatus::Archived, Command::Publish), None, "edit it back to draft first");
        assert_eq!(next(ProductStatus::Draft, Command::Archive), None);
    }
}
