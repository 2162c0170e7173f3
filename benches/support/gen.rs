//! Synthetic news drafts for benchmarks, written from our own templates (no corpus
//! text): a headline, a byline with a date, body paragraphs with quotes, attributions,
//! figures and dates, subheads, lists, a table, a code fence, links and the odd promo
//! line. Deterministic for a given seed.

#![allow(dead_code)]

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Dana", "Luis", "Amara", "Tomasz", "Keiko", "Priya", "Owen", "Fatima", "Marcus", "Ingrid",
    "Chen", "Rosa", "Elijah", "Noor", "Bram", "Sofia", "Kwame", "Hannah", "Mateo", "Yusuf",
];
const LAST: &[&str] = &[
    "Reyes",
    "Okafor",
    "Lindqvist",
    "Nakamura",
    "Patel",
    "Brennan",
    "Haddad",
    "Kowalski",
    "Moreau",
    "Abernathy",
    "Delgado",
    "Osei",
    "Fairweather",
    "Castellanos",
    "Whitlock",
];
const ROLES: &[&str] = &[
    "the city manager",
    "a spokeswoman for the utility",
    "the county treasurer",
    "a professor of civil engineering",
    "the school board president",
    "the fire chief",
    "a council member who represents the east side",
    "the harbor master",
];
const PLACES: &[&str] = &[
    "Easton",
    "Millbrook",
    "Port Haven",
    "Cedar Falls",
    "Ridgeview",
    "Larkspur County",
    "the Westfield district",
    "North Quay",
];
const TOPICS: &[&str] = &[
    "the bridge repair plan",
    "the new water treatment plant",
    "the school bus contract",
    "the harbor dredging project",
    "the downtown parking study",
    "the library expansion",
    "the storm drain upgrade",
    "the transit fare change",
];
const VERBS: &[&str] = &["said", "said", "said", "told reporters", "wrote in a memo"];
const MONTHS: &[&str] = &[
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const CLAIMS: &[&str] = &[
    "crews replaced {n} meters of pipe under {p} last month",
    "the {p} office received {n} calls about the closure",
    "{n} residents signed a petition against the change in {p}",
    "the crews in {p} worked {n} hours of overtime last month",
    "the {p} budget office expects a gap of ${n} million next year",
    "traffic on the {p} detour rose to {n} cars an hour",
];
const QUOTES: &[&str] = &[
    "We are not going to cut corners on safety",
    "Nobody wants to pay more, but the pipes are older than most of us",
    "I have lived here for {n} years and I have never seen the river this low",
    "This is a long-term fix, not a patch",
    "We heard the concerns and we changed the design",
    "It is frustrating, frankly, to wait this long",
];

fn fill(rng: &mut Rng, template: &str) -> String {
    let mut out = String::new();
    let place = rng.pick(PLACES);
    let template = template.replace("{p}", place);
    let mut rest = template.as_str();
    while let Some(pos) = rest.find("{n}") {
        out.push_str(&rest[..pos]);
        out.push_str(&(2 + rng.below(480)).to_string());
        rest = &rest[pos + 3..];
    }
    out.push_str(rest);
    out
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

fn date(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(MONTHS), 1 + rng.below(28))
}

fn sentence(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => {
            let quote = rng.pick(QUOTES);
            format!(
                "“{},” said {}, {}, who lives in {}.",
                fill(rng, quote),
                person(rng),
                18 + rng.below(70),
                rng.pick(PLACES)
            )
        }
        1 => format!(
            "{}, {}, {} the vote on {} was expected on {}.",
            person(rng),
            rng.pick(ROLES),
            rng.pick(VERBS),
            rng.pick(TOPICS),
            rng.pick(DAYS)
        ),
        2 => {
            let template = rng.pick(CLAIMS);
            let claim = fill(rng, template);
            format!("{}, {}, said {claim}.", person(rng), rng.pick(ROLES))
        }
        3 => format!(
            "The meeting in {} on {} drew about {} people, according to {}.",
            rng.pick(PLACES),
            date(rng),
            20 + rng.below(400),
            rng.pick(ROLES)
        ),
        4 => format!(
            "Officials in {} approved ${}.{} million for {} in a {}-{} vote.",
            rng.pick(PLACES),
            1 + rng.below(90),
            rng.below(10),
            rng.pick(TOPICS),
            4 + rng.below(5),
            rng.below(4)
        ),
        5 => format!(
            "Work on {} is scheduled to begin {} and last {} weeks, {} {}.",
            rng.pick(TOPICS),
            date(rng),
            2 + rng.below(40),
            person(rng),
            rng.pick(VERBS)
        ),
        _ => format!(
            "A report released {} found that {} of {} households in {} were affected.",
            date(rng),
            1 + rng.below(900),
            1000 + rng.below(9000),
            rng.pick(PLACES)
        ),
    }
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 1 + rng.below(4);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

/// One story of roughly `target` bytes.
pub fn story(seed: u64, target: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = format!(
        "# {} Council Weighs {} Plan\n\nBy {} | {} {}, 2025 | 9:15 a.m.\n\n",
        rng.pick(PLACES),
        ["Bridge", "Water", "Transit", "Harbor"][rng.below(4)],
        person(&mut rng),
        ["March", "April", "June", "October"][rng.below(4)],
        1 + rng.below(28)
    );
    let mut section = 0;
    while out.len() < target {
        match rng.below(40) {
            0 => {
                section += 1;
                out.push_str(&format!("## {} update {section}\n\n", rng.pick(PLACES)));
            }
            1 => {
                for _ in 0..3 {
                    out.push_str(&format!("- {}\n", sentence(&mut rng)));
                }
                out.push('\n');
            }
            2 => out.push_str(&format!(
                "| Item | Cost |\n|---|---|\n| {} | ${} |\n| Contingency | ${} |\n\n",
                rng.pick(TOPICS),
                1000 + rng.below(90000),
                100 + rng.below(9000)
            )),
            3 => out.push_str("```\nstatus: draft\nowner: metro desk\n```\n\n"),
            4 => out.push_str(&format!(
                "More details are on the [city website](https://example.org/{}) and in the minutes.\n\n",
                rng.below(10000)
            )),
            5 => out.push_str(&format!(
                "> {} {} the decision was final.\n\n",
                person(&mut rng),
                rng.pick(VERBS)
            )),
            6 if rng.below(4) == 0 => {
                out.push_str("Sign up for our Morning Briefing newsletter.\n\n")
            }
            _ => {
                out.push_str(&paragraph(&mut rng));
                out.push_str("\n\n");
            }
        }
    }
    out
}

/// A line in the middle of `text` that starts a body paragraph: where the benchmarks type.
pub fn edit_point(text: &str) -> usize {
    let mut at = text.len() / 2;
    while at < text.len() {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..].starts_with(|c: char| c.is_ascii_uppercase()) {
            return line_start;
        }
        at = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    }
    0
}
