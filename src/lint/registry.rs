//! `all_rules()`: the one list of rules. Adding a rule is one line here.

use super::Rule;
use crate::rules;

static ALL_RULES: &[&dyn Rule] = &[
    &rules::boilerplate::duplicate_paragraph::DuplicateParagraph,
    &rules::boilerplate::near_duplicate_paragraph::NearDuplicateParagraph,
    &rules::boilerplate::duplicate_sentence::DuplicateSentence,
    &rules::boilerplate::donation_appeal::DonationAppeal,
    &rules::boilerplate::newsletter::Newsletter,
    &rules::boilerplate::related_links::RelatedLinks,
    &rules::boilerplate::share_ui::ShareUi,
    &rules::boilerplate::credit::Credit,
    &rules::boilerplate::update_note::UpdateNote,
    &rules::boilerplate::shared_between_drafts::SharedBetweenDrafts,
    &rules::attribution::unattributed_claim::UnattributedClaim,
    &rules::attribution::weasel::Weasel,
    &rules::attribution::anonymous_source::AnonymousSource,
    &rules::attribution::floating_quote::FloatingQuote,
    &rules::attribution::editorializing::Editorializing,
    &rules::attribution::loaded_verb::LoadedVerb,
    &rules::attribution::tense_mix::TenseMix,
    &rules::attribution::verb_order::VerbOrder,
    &rules::unit::mixed_system::MixedSystem,
    &rules::unit::spelling_variant::SpellingVariant,
    &rules::unit::conversion_mismatch::ConversionMismatch,
    &rules::unit::percent_form::PercentForm,
    &rules::unit::percentage_points::PercentagePoints,
    &rules::unit::temperature::Temperature,
    &rules::unit::currency::Currency,
    &rules::date::month_abbrev::MonthAbbrev,
    &rules::date::ordinal::Ordinal,
    &rules::date::order::Order,
    &rules::date::invalid::Invalid,
    &rules::date::weekday_mismatch::WeekdayMismatch,
    &rules::date::numeric_ambiguous::NumericAmbiguous,
    &rules::date::iso_in_body::IsoInBody,
    &rules::date::decade_apostrophe::DecadeApostrophe,
    &rules::date::comma::Comma,
    &rules::date::relative::Relative,
    &rules::time::am_pm::AmPm,
    &rules::time::noon_midnight::NoonMidnight,
    &rules::time::zone::Zone,
];

/// Every rule, in a stable order.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    ALL_RULES
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    ALL_RULES.iter().copied().find(|r| r.meta().id == id)
}

/// True for a known rule id or a family name (`date`).
pub fn is_known_rule_or_family(id: &str) -> bool {
    find(id).is_some() || ALL_RULES.iter().any(|r| r.meta().family() == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let id_shape =
            crate::re::compile(r"^(date|time|unit|attribution|boilerplate)/[a-z]+(-[a-z]+)*$")
                .unwrap();
        let mut seen = std::collections::HashSet::new();
        for rule in all_rules() {
            let meta = rule.meta();
            assert!(id_shape.is_match(meta.id), "bad id {}", meta.id);
            assert!(seen.insert(meta.id), "duplicate id {}", meta.id);
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    meta.docs.contains(heading),
                    "{} docs lack {heading}",
                    meta.id
                );
            }
            if meta.fix != super::super::FixAvailability::None {
                assert!(
                    meta.docs.contains("## Fix safety"),
                    "{} docs lack ## Fix safety",
                    meta.id
                );
            }
        }
    }
}
