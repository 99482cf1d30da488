//! Pricing rules, pure. The Otasuketai service standard (v1.1, July 2021) caps prices, tax
//! excluded: a network-monitoring service at ¥10,000 a month, an endpoint service at ¥2,000 per
//! device a month, and both together at the sum. Whether a product fits is computed from its
//! pricing, never typed in.

/// Network type (UTM etc.): at most this much a month.
pub const OTASUKETAI_NETWORK_MONTHLY_CAP_YEN: i64 = 10_000;
/// Endpoint type (EDR etc.): at most this much per device a month.
pub const OTASUKETAI_ENDPOINT_PER_DEVICE_CAP_YEN: i64 = 2_000;

/// A product's list prices, in integer yen, tax excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pricing {
    pub initial_yen: i64,
    pub monthly_yen: i64,
    pub per_device_monthly_yen: i64,
}

impl Pricing {
    /// The monthly running cost for `devices` devices.
    pub fn monthly_for(&self, devices: i64) -> i64 {
        self.monthly_yen.saturating_add(self.per_device_monthly_yen.saturating_mul(devices.max(0)))
    }

    /// True when the price is within the Otasuketai caps for any number of devices: the fixed
    /// part within the network cap and the per-device part within the endpoint cap, so the total
    /// never exceeds ¥10,000 + ¥2,000 × devices.
    pub fn meets_otasuketai_caps(&self) -> bool {
        self.monthly_yen <= OTASUKETAI_NETWORK_MONTHLY_CAP_YEN
            && self.per_device_monthly_yen <= OTASUKETAI_ENDPOINT_PER_DEVICE_CAP_YEN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(initial: i64, monthly: i64, per_device: i64) -> Pricing {
        Pricing { initial_yen: initial, monthly_yen: monthly, per_device_monthly_yen: per_device }
    }

    #[test]
    fn caps_follow_the_service_standard() {
        assert!(p(0, 10_000, 0).meets_otasuketai_caps(), "network type at the cap");
        assert!(p(50_000, 0, 2_000).meets_otasuketai_caps(), "endpoint type at the cap; initial cost is not capped");
        assert!(p(0, 10_000, 2_000).meets_otasuketai_caps(), "both together at the sum");
        assert!(!p(0, 10_001, 0).meets_otasuketai_caps());
        assert!(!p(0, 0, 2_001).meets_otasuketai_caps());
        assert!(!p(0, 12_000, 1_000).meets_otasuketai_caps(), "the fixed part alone is over the network cap");
    }

    #[test]
    fn monthly_cost_for_a_device_count() {
        assert_eq!(p(0, 5_000, 1_500).monthly_for(10), 20_000);
        assert_eq!(p(0, 5_000, 1_500).monthly_for(-3), 5_000);
        assert_eq!(p(0, i64::MAX, 1).monthly_for(10), i64::MAX);
    }
}
