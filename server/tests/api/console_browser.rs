//! The console's first page in chromium: the organiser sees the server-drawn charts rendered.

use fantoccini::Locator;

use crate::browser::Browser;
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_console_overview_renders_its_charts_in_chromium() {
    let Some(browser) = Browser::start("the_console_overview_renders_its_charts_in_chromium").await else { return };
    let app = spawn_app().await;
    let c = &browser.client;
    // Sign in as the demo organiser, as a visitor would on a loopback demo.
    c.goto(&app.url("/login")).await.unwrap();
    c.find(Locator::Css("button[data-demo-role='organiser']")).await.expect("the demo sign-in").click().await.unwrap();
    c.wait().for_element(Locator::Css("form[action='/logout']")).await.unwrap();

    c.goto(&app.url("/console")).await.unwrap();
    c.wait().for_element(Locator::Css("svg.chart")).await.unwrap();
    let heading = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "事務局コンソール");

    let charts = c.find_all(Locator::Css("svg[role='img']")).await.unwrap();
    assert_eq!(charts.len(), 4, "funnel, participants, categories, prefectures");
    // Drawn, not just present: each chart has a laid-out size, and its name comes from <title>.
    let sizes = c
        .execute(
            "return [...document.querySelectorAll('svg.chart')].map(s => { const r = s.getBoundingClientRect(); \
             const t = document.getElementById(s.getAttribute('aria-labelledby').split(' ')[0]); \
             return [r.width, r.height, t ? t.textContent : '']; });",
            vec![],
        )
        .await
        .unwrap();
    let sizes = sizes.as_array().unwrap();
    for chart in sizes {
        assert!(chart[0].as_f64().unwrap() > 100.0 && chart[1].as_f64().unwrap() > 20.0, "{chart}");
        assert!(!chart[2].as_str().unwrap().is_empty(), "a title names the chart");
    }
    // The participation line has one point per FY2021 session in the demo data, with its value as text.
    let points = c.find_all(Locator::Css("#chart-participants circle")).await.unwrap();
    assert!(points.len() >= 6, "{} points", points.len());
    let values =
        c.execute("return document.querySelector('#chart-participants svg').textContent;", vec![]).await.unwrap();
    let values = values.as_str().unwrap();
    assert!(values.contains("171") && values.contains("133"), "{values}");
    // The funnel has a bar per step, and its table fallback is on the page.
    assert_eq!(c.find_all(Locator::Css("#chart-funnel rect")).await.unwrap().len(), 7);
    let table = c.find(Locator::Css("#table-funnel")).await.unwrap().text().await.unwrap();
    assert!(table.contains("提案") && table.contains("事例公開"), "{table}");
    // CONSOLE_SCREENSHOT=path.png keeps a picture of the page (for reviews and docs).
    if let Ok(path) = std::env::var("CONSOLE_SCREENSHOT") {
        std::fs::write(path, c.screenshot().await.unwrap()).unwrap();
    }
    browser.client.clone().close().await.unwrap();
}
