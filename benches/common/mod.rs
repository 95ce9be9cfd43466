//! The benchmarks' inputs, shared by `benches/lint.rs` and
//! `benches/allocations.rs`; `benches/node-bench.mjs` builds the same texts
//! (same members, same order, same sizes) for the side-by-side in Node.js.

#![allow(dead_code)] // each bench binary uses its own part

/// A request body the benchmarks lint.
pub struct Input {
    pub name: String,
    pub text: String,
}

fn file(path: &str) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run from the crate root)"))
}

/// How a large body is large (the scaling table's three shapes).
#[derive(Clone, Copy)]
pub enum Shape {
    /// One description of that many bytes.
    Description,
    /// That many bytes of unknown members of `protected_instance`.
    UnknownMembers,
    /// That many bytes of tags, each key different.
    Tags,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::Description, Shape::UnknownMembers, Shape::Tags];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Description => "description",
            Shape::UnknownMembers => "unknown members",
            Shape::Tags => "tags",
        }
    }
}

/// A valid request up to its last member; a shape's members follow.
const HEAD: &str = concat!(
    r#"{"protected_instance":{"server_group_id":"523ab8ad-3759-4933-9436-4cf4ebb20867","#,
    r#""server_id":"403b603d-1d91-42cc-a357-81f3c2daf43f","name":"web-01","#,
    r#""primary_subnet_id":"a32217fb-3413-c313-6342-3124d3491502","#,
    r#""primary_ip_address":"192.168.0.5","flavorRef":"s3.large.2","#
);

/// A body of at least `size` bytes (exactly `size` for a description).
pub fn body(shape: Shape, size: usize) -> String {
    let mut text = String::from(HEAD);
    match shape {
        Shape::Description => {
            let fill = size.saturating_sub(HEAD.len() + r#""description":""}}"#.len());
            text.push_str(r#""description":""#);
            text.extend(std::iter::repeat_n('x', fill));
            text.push('"');
        }
        Shape::UnknownMembers => {
            for i in 0.. {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&format!(r#""unknown_{i}":"value""#));
                if text.len() + 2 >= size {
                    break;
                }
            }
        }
        Shape::Tags => {
            text.push_str(r#""tags":["#);
            for i in 0.. {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&format!(r#"{{"key":"k{i}","value":"v"}}"#));
                if text.len() + 3 >= size {
                    break;
                }
            }
            text.push(']');
        }
    }
    text.push_str("}}");
    text
}

/// The side-by-side inputs: the example, ten problems, ten tags, 100 KB of
/// unknown members, a 1 MB description.
pub fn side_by_side() -> Vec<Input> {
    vec![
        Input {
            name: "examples/clean.json".into(),
            text: file("examples/clean.json"),
        },
        Input {
            name: "ten problems".into(),
            text: file("benches/data/ten-problems.json"),
        },
        Input {
            name: "ten tags".into(),
            text: file("benches/data/ten-tags.json"),
        },
        Input {
            name: "100 KB of unknown members".into(),
            text: body(Shape::UnknownMembers, 100 * 1024),
        },
        Input {
            name: "1 MB description".into(),
            text: body(Shape::Description, 1024 * 1024),
        },
    ]
}

/// The scaling table's sizes: 1 KB to 10 MB.
pub const SIZES: [usize; 5] = [1 << 10, 10 << 10, 100 << 10, 1 << 20, 10 << 20];

/// A size as the tables write it.
pub fn size_name(size: usize) -> String {
    match size {
        s if s >= 1 << 20 => format!("{} MB", s >> 20),
        s => format!("{} KB", s >> 10),
    }
}
