//! The json format (SPEC §6): one element per input, the report's fields
//! after `file`.

use super::Input;
use sdrs_lint::Report;

pub fn render(inputs: &[Input], reports: &[Report]) -> String {
    let items: Vec<serde_json::Value> = inputs
        .iter()
        .zip(reports)
        .map(|(input, report)| {
            let mut item = serde_json::Map::new();
            item.insert("file".into(), input.name.clone().into());
            if let serde_json::Value::Object(fields) =
                serde_json::to_value(report).expect("serializable")
            {
                item.extend(fields);
            }
            serde_json::Value::Object(item)
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("serializable") + "\n"
}
