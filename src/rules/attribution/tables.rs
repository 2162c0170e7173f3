//! Data tables of the attribution family: claim triggers with weights, attribution cues,
//! vague and anonymous sources, editorializing adverbs and loaded verbs (spec §C.3–C.5).
//!
//! Only data lives here; `clauses.rs` compiles the patterns once and applies them. Every
//! pattern is matched case-insensitively on word boundaries, on prose with quotations
//! blanked out, so nothing inside a direct quote can match.

/// What kind of claim a trigger signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClaimClass {
    /// Percentages, rates, "one in five", change verbs with a figure.
    Statistic,
    /// Superlatives and rankings ("the world's fifth-largest").
    Superlative,
    /// Accusations and wrongdoing ("violated", "rigged").
    Accusation,
    /// Predictions and speculation ("would likely", "is expected to").
    Prediction,
    /// Causal assertions ("led to", "because of").
    Causal,
    /// Motive or belief ascribed to a third party ("wants to").
    Motive,
}

impl ClaimClass {
    /// Short noun for messages.
    pub fn describe(self) -> &'static str {
        match self {
            ClaimClass::Statistic => "statistic",
            ClaimClass::Superlative => "superlative or ranking",
            ClaimClass::Accusation => "accusation",
            ClaimClass::Prediction => "prediction",
            ClaimClass::Causal => "causal claim",
            ClaimClass::Motive => "claim about motive",
        }
    }

    /// Strong classes are reported as warnings, the others as info (spec §C.5).
    pub fn is_strong(self) -> bool {
        matches!(
            self,
            ClaimClass::Statistic | ClaimClass::Superlative | ClaimClass::Accusation
        )
    }
}

/// One claim trigger.
pub struct TriggerRow {
    /// Claim class.
    pub class: ClaimClass,
    /// Weight 1–3; a clause needs a total of 2 to be a claim candidate.
    pub weight: u8,
    /// Regex (compiled case-insensitively, wrapped in `\b…\b` where it starts or ends
    /// with a word character).
    pub pattern: &'static str,
    /// The match does not count when the word before it is one of these.
    pub not_after_word: &'static [&'static str],
    /// The match does not count when the word after it is one of these.
    pub not_before_word: &'static [&'static str],
}

const NONE: &[&str] = &[];

const TIME_NOUNS: &[&str] = &[
    "time",
    "life",
    "lives",
    "career",
    "careers",
    "history",
    "existence",
    "day",
    "days",
    "year",
    "years",
    "week",
    "weeks",
    "month",
    "months",
    "tenure",
    "childhood",
    "own",
    "night",
    "season",
    "game",
    "match",
    "way",
    "morning",
    "afternoon",
    "evening",
    "decade",
    "century",
];

/// Units after a change verb that make it a physical movement or a place in a ranking,
/// not a statistic ("the jet fell 11 kilometres", "slid two places").
const PHYSICAL_UNITS: &[&str] = &[
    "kilometres",
    "kilometers",
    "km",
    "miles",
    "mile",
    "feet",
    "foot",
    "ft",
    "metres",
    "meters",
    "metre",
    "meter",
    "inches",
    "centimetres",
    "centimeters",
    "cm",
    "storeys",
    "stories",
    "floors",
    "places",
    "spots",
    "positions",
    "rungs",
    "steps",
    "times",
];

/// Nouns after `N% of the …` that make the figure a measure of progress or extent
/// ("64% of the way through", "one-fifth of the distance"), not a claim to source.
pub const MEASURE_NOUNS: &[&str] = &[
    "way", "distance", "journey", "length", "width", "height", "depth", "route", "race", "course",
    "surface", "globe",
];

/// Words after a percentage that make it a measure of progress ("7% complete").
pub const PROGRESS_WORDS: &[&str] = &[
    "complete",
    "completed",
    "done",
    "finished",
    "charged",
    "full",
    "through",
    "built",
];

/// Superlatives of places and economies are common knowledge ("the country’s
/// second-largest city").
const GEOGRAPHY: &[&str] = &[
    "city",
    "cities",
    "town",
    "island",
    "islands",
    "river",
    "lake",
    "mountain",
    "port",
    "state",
    "province",
    "country",
    "nation",
    "economy",
    "economies",
    "desert",
    "ocean",
    "sea",
    "volcano",
    "metropolitan",
    "urban",
];

/// Strong claim triggers (spec §C.3).
pub const TRIGGERS: &[TriggerRow] = &[
    // Statistics.
    TriggerRow {
        class: ClaimClass::Statistic,
        weight: 2,
        pattern: r"\d(?:[\d,.]*\d)?\s?(?:%|percent\b|per cent\b|percentage points?\b)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Statistic,
        weight: 2,
        pattern: r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:in|out of) (?:every )?(?:two|three|four|five|six|seven|eight|nine|ten|\d[\d,]*|a hundred|a thousand)",
        not_after_word: NONE,
        not_before_word: &["a.m.", "p.m.", "am", "pm", "minutes", "games", "matches"],
    },
    TriggerRow {
        class: ClaimClass::Statistic,
        weight: 2,
        pattern: r"(?:\d+-fold|(?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)-?fold (?:increase|rise|jump|growth|decline|drop)|doubled|tripled|trebled|quadrupled|halved)",
        not_after_word: &["a", "an", "the", "be", "been", "was", "were", "is", "are"],
        not_before_word: &["down", "over"],
    },
    TriggerRow {
        class: ClaimClass::Statistic,
        weight: 2,
        pattern: r"per (?:capita|100,000|100 000|10,000|1,000|thousand|million)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Statistic,
        weight: 2,
        pattern: r"(?:rose|fell|jumped|dropped|climbed|declined|soared|plunged|increased|decreased|grew|surged|slumped|tumbled|slid|dipped|rising|falling|jumping|soaring|plunging|surging|shrank|shrunk|spiked|skyrocketed|ballooned) (?:by |to |from )?(?:about |around |nearly |almost |more than |over |some |roughly |just |an estimated )?[$£€]?\d[\d,.]*(?: (?:million|billion|trillion|bn|m)\b)?",
        not_after_word: NONE,
        not_before_word: PHYSICAL_UNITS,
    },
    TriggerRow {
        class: ClaimClass::Statistic,
        weight: 2,
        pattern: r"most of (?:its|their)",
        not_after_word: NONE,
        not_before_word: TIME_NOUNS,
    },
    TriggerRow {
        class: ClaimClass::Statistic,
        weight: 2,
        pattern: r"(?:(?:more than|nearly|almost|over) (?:half|a third|a quarter|a fifth|two-thirds|three-quarters)|two-thirds|three-quarters|three-fourths|one-third|one-quarter|one-fifth|the majority|a majority) of (?:all )?(?:the |its |their )?",
        not_after_word: NONE,
        not_before_word: TIME_NOUNS,
    },
    // Superlatives and rankings.
    TriggerRow {
        class: ClaimClass::Superlative,
        weight: 2,
        pattern: r"(?:world|nation|country|region|continent|planet|globe|Europe|Asia|Africa|America|Britain|state|city)[’']s (?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))[- ])?(?:largest|biggest|highest|lowest|worst|best|deadliest|most|least|fastest|oldest|richest|poorest|longest|tallest|smallest|busiest|strongest|weakest|leading|top|greatest|heaviest|hottest|coldest|wealthiest|poorest|only|first)\b",
        not_after_word: NONE,
        not_before_word: GEOGRAPHY,
    },
    TriggerRow {
        class: ClaimClass::Superlative,
        weight: 2,
        pattern: r"(?:largest|biggest|highest|lowest|worst|best|deadliest|fastest|oldest|richest|poorest|longest|busiest|strongest|greatest|most \w+|least \w+)[^.;,]{0,40}?\b(?:ever|on record|in (?:recorded )?history|in the world|in the (?:state|country|nation|region|county)|in (?:the )?(?:[\w’'.-]+ ){0,2}history|in (?:the )?(?:U\.S\.|United States|North America|South America|Latin America|Europe|Asia|Africa|Britain|Canada|Australia)|of all time|since records began|since (?:at least )?(?:the )?\d{4}s?)",
        not_after_word: &["at"],
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Superlative,
        weight: 2,
        pattern: r"(?:record|all-time)[- ](?:highs?|lows?|levels?)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Superlative,
        weight: 2,
        pattern: r"(?:the first (?:ever|of its kind)|first-ever|unprecedented)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Superlative,
        weight: 1,
        pattern: r"the (?:largest|biggest|highest|lowest|worst|deadliest|only|first to)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    // Accusations and wrongdoing.
    TriggerRow {
        class: ClaimClass::Accusation,
        weight: 3,
        pattern: r"(?:violated|violates|violating|in violation of|illegally|broke the law|breaking the law|war crimes?|crimes against humanity|rigged|misrepresents|misrepresented|misrepresenting|embezzled|embezzling|laundered|extorted|colluded|colluding|stole|bribed|bribing|took bribes|covered up|cover-up|lied|lying to|lying about|defrauded|fraudulently|abused|abusing|abuse of power|massacred|tortured|knowingly|committed (?:fraud|perjury|crimes?|murder|tax evasion)|excessive force|falsified|falsifying|doctored)",
        not_after_word: &["been", "not"],
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Accusation,
        weight: 3,
        pattern: r"(?:is|was|were|are|be|been|being) (?:\w+ )?illegal",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Accusation,
        weight: 3,
        pattern: r"responsible for (?:the )?(?:deaths?|attacks?|killings?|bombings?|massacre|murders?)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Accusation,
        weight: 3,
        pattern: r"(?:corrupt|fraudulent)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Accusation,
        weight: 3,
        pattern: r"guilty of",
        not_after_word: &[
            "pleaded", "pleads", "plead", "pleading", "found", "not", "be", "been", "was", "were",
            "is",
        ],
        not_before_word: NONE,
    },
    // Predictions and speculation.
    TriggerRow {
        class: ClaimClass::Prediction,
        weight: 2,
        pattern: r"(?:would|will) (?:most |very )?likely",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Prediction,
        weight: 2,
        pattern: r"(?:is|are|was|were|’s|'s) (?:widely |also |now |still )?(?:expected|likely|poised|bound|on track|almost certain|certain) to",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    TriggerRow {
        class: ClaimClass::Prediction,
        weight: 2,
        pattern: r"(?:probably|could soon|is set to become)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    // Causal assertions.
    TriggerRow {
        class: ClaimClass::Causal,
        weight: 1,
        pattern: r"(?:because of|led to|leading to|resulted in|caused by|as a result of|blamed on|due to)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
    // Motive ascribed to a third party.
    TriggerRow {
        class: ClaimClass::Motive,
        weight: 1,
        pattern: r"(?:wants to|hopes to|intends to|is determined to)",
        not_after_word: NONE,
        not_before_word: NONE,
    },
];

/// Facts of record: a sentence with one of these states a court or police record, so its
/// accusation triggers are self-sourcing (spec §C.6).
pub const COURT_RECORD: &str = r"\b(?:pleaded|pleads|plead|pleading) (?:not )?guilty\b|\b(?:was|were|been|is|are|being|be) (?:\w+ )?(?:charged|convicted|sentenced|indicted|acquitted|jailed|arrested|accused|sued|found guilty|impeached)\b|\bconvicted of\b|\bcharged with\b|\bindictment\b|\blawsuit\b|\bcourts?\b|\bjury\b|\bjurors\b|\bprosecutors?\b|\bjudge\b|\btrial\b|\bverdict\b|\binvestigat\w+|\bprobe\b|\bcomplaint\b|\ballegations?\b|\balleged(?:ly)?\b|\bconviction\b|\bsentenced\b|\bcharges? of\b|\b(?:maximum|prison|jail) (?:sentence|term)\b";

/// Market and sports results: figures in a sentence with these words are facts of record
/// (prices, scores, times), not claims that need a source.
pub const RECORD_CONTEXT: &str = r"\b(?:shares?|stocks?|index|indices|indexes|futures|bonds?|yields?|treasur(?:y|ies)|currenc(?:y|ies)|dollar|euro|sterling|pound|yen|rupee|yuan|crude|brent|nasdaq|dow|s&p|ftse|nikkei|kospi|hang seng|dax|cac|composite|traded|closed|interest rates?|bitcoin|benchmark|sensex|52-week|metals?|aluminium|aluminum|copper|gold|silver|oil|tonne|barrel|ounce|tariffs?|taxe?s?|quota|owned|stake|holding|discount|entitled|guidance|season|seconds|goals?|yards|touchdowns?|innings|wickets|rebounds|assists|tackles|personal best|world record|scored|championship|tournament|league|match|lap|medal|box office|\d{2,5}m|indoor|outdoor|marathon|hurdles|relay|fastest times?|world rankings?|profits?|revenues?|earnings|turnover|net income|operating income|pre-tax|dividends?)\b";

/// A sentence anchored in the distant past ("In the 14th century", "in 1848"): its
/// figures and rankings are historical background, not claims to source.
pub const HISTORICAL: &str = r"\b(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)[- ]century\b|\b(?:in|by|during|from|until|of) (?:the )?1[0-8]\d\d(?:s)?\b|\bBC\b|\bB\.C\.";

/// Documents whose claims frame the paragraphs after `The lawsuit alleges …` (spec
/// §C.6): alternatives of one regex group.
pub const FRAME_DOCUMENTS: &str =
    r"lawsuit|complaint|indictment|report|suit|filing|petition|affidavit|audit";

/// Reporting verbs in all the forms that work as cues (spec §C.4). A newsroom extends
/// the list with `[attribution] verbs` in the config (`Config::attribution_verbs`).
pub const REPORTING_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "add",
    "adds",
    "added",
    "adding",
    "stated",
    "states",
    "announce",
    "announces",
    "announced",
    "announcing",
    "declare",
    "declares",
    "declared",
    "explain",
    "explains",
    "explained",
    "explaining",
    "noted",
    "noting",
    "notes",
    "write",
    "writes",
    "wrote",
    "written",
    "writing",
    "tweet",
    "tweets",
    "tweeted",
    "posted",
    "testify",
    "testifies",
    "testified",
    "testifying",
    "argue",
    "argues",
    "argued",
    "arguing",
    "contend",
    "contends",
    "contended",
    "maintain",
    "maintains",
    "maintained",
    "insist",
    "insists",
    "insisted",
    "insisting",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "allege",
    "alleges",
    "alleged",
    "alleging",
    "accuse",
    "accuses",
    "accused",
    "accusing",
    "charged",
    "charges",
    "deny",
    "denies",
    "denied",
    "denying",
    "dispute",
    "disputes",
    "disputed",
    "reject",
    "rejects",
    "rejected",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "admit",
    "admits",
    "admitted",
    "concede",
    "concedes",
    "conceded",
    "confirm",
    "confirms",
    "confirmed",
    "estimate",
    "estimates",
    "estimated",
    "predict",
    "predicts",
    "predicted",
    "forecast",
    "forecasts",
    "projected",
    "projects",
    "warn",
    "warns",
    "warned",
    "warning",
    "caution",
    "cautions",
    "cautioned",
    "urge",
    "urges",
    "urged",
    "urging",
    "stress",
    "stresses",
    "stressed",
    "emphasize",
    "emphasizes",
    "emphasized",
    "emphasise",
    "emphasises",
    "emphasised",
    "report",
    "reports",
    "reported",
    "reporting",
    "find",
    "finds",
    "found",
    "conclude",
    "concludes",
    "concluded",
    "show",
    "shows",
    "showed",
    "shown",
    "indicate",
    "indicates",
    "indicated",
    "suggest",
    "suggests",
    "suggested",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "expect",
    "expects",
    "expected",
    "feared",
    "hoped",
    "portray",
    "portrays",
    "portrayed",
    "describe",
    "describes",
    "described",
    "characterize",
    "characterizes",
    "characterized",
    "characterised",
    "called",
    "labeled",
    "labelled",
    "questioned",
    "ask",
    "asks",
    "asked",
    "reply",
    "replies",
    "replied",
    "respond",
    "responds",
    "responded",
    "countered",
    "agree",
    "agrees",
    "agreed",
    "reiterate",
    "reiterates",
    "reiterated",
    "pledge",
    "pledges",
    "pledged",
    "vow",
    "vows",
    "vowed",
    "promise",
    "promises",
    "promised",
    "threaten",
    "threatens",
    "threatened",
    "quoted",
    "cited",
    "cites",
    "citing",
    "blamed",
    "blames",
    "ruled",
    "rules",
    "recalled",
    "recalls",
    "observed",
    "remarked",
    "complained",
    "complains",
    "boasted",
    "asserted",
    "asserts",
    "affirmed",
    "revealed",
    "reveals",
    "disclosed",
    "discloses",
    "calculated",
    "reckons",
    "reckoned",
    "mentioned",
    "hinted",
    "signaled",
    "signalled",
    "assured",
    "demanded",
    "demands",
    "criticized",
    "criticised",
    "condemned",
    "condemns",
    "praised",
    "welcomed",
    "lamented",
    "clarified",
    "specified",
    "anticipates",
    "anticipated",
    "informed",
    "briefed",
    "published",
    "releases",
    "released",
    "counted",
    "tallied",
    "recorded",
    "measured",
    "surveyed",
    "polled",
    "sued",
    "touted",
    "touts",
    "lists",
    "listed",
    "highlighted",
    "highlights",
    "acknowledging",
    "continued",
    "comment",
    "comments",
    "commented",
    "commenting",
    "email",
    "emails",
    "emailed",
    "texted",
    "recounted",
    "recalling",
    "summed",
    "concurred",
    "tweeting",
    "declaring",
    "describing",
    "predicting",
    "estimating",
    "projecting",
    "suggesting",
    "stating",
    "ranks",
    "ranked",
    "rates",
    "rated",
    "considers",
    "considered",
    "deems",
    "deemed",
    "classifies",
    "classified",
    "calls",
    "defended",
    "defends",
];

/// Phrasal and nominal cues (regexes): `according to`, `X's report`, `in a statement`.
pub const CUE_PHRASES: &[&str] = &[
    r"\baccording to\b",
    r"\bper (?:the |a |an )?(?:[\p{L}’'.-]+ ){0,3}(?:data|figures|report|statistics|estimates?|records|census|survey|study|analysis|filings?)\b",
    r"(?i:\bsource):",
    r"\b(?:report|reports|study|studies|survey|surveys|data|figures|statistics|analysis|poll|polls|polling|census|estimates?|research|records|documents|filings?|review|audit|assessment|forecasts?|projections?|index|tally|count)\s+(?:by|from|published|released|compiled|issued)\b",
    r"\b(?:poll|polls|survey|surveys|study|analysis|research|report)\s+(?:(?:conducted|commissioned|carried out|done)\s+)?for\s+(?:the\s+|this\s+)?\p{Lu}",
    r"\b(?:commissioned|conducted|carried out)\s+by\b",
    r"\bin (?:a|an|his|her|its|their|the|this|that) (?:[\p{L}-]+ ){0,2}(?:statement|interview|report|letter|post|filing|speech|briefing|tweet|news conference|press conference|press release|memo|email|e-mail|court papers|lawsuit|complaint|affidavit|testimony|op-ed|blog post|note|video|podcast|broadcast|address|remarks|message|presentation|submission|announcement|study|survey|analysis|paper|book|essay|column)\b",
    r"[’']s (?:own )?(?:report|data|figures|statistics|study|survey|analysis|estimates?|census|poll|statement|research|records|findings|calculations|projections|forecast|tally|count|filings?)\b",
    r"\b(?:official|government|company|published|provisional|preliminary|latest|new|recent) (?:figures|data|statistics|estimates)\b",
    r"\b(?:data|figures|statistics|numbers|records|results) (?:show|shows|showed|suggest|suggests|indicate|indicates|released)\b",
    r"\[\d+(?:[,–-]\s*\d+)*\]",
    r"\(\d{1,3}(?:[,–-]\s*\d{1,3})*\)\s*[.;]",
];

/// Vague sources (`attribution/weasel`). A `src` group, where present, is the vague
/// subject that the suggestion replaces with `[SOURCE]`.
pub const WEASELS: &[&str] = &[
    r"\b(?P<src>critics)\s+(?:have\s+)?(?:say|said|argue|argued|contend|contended|warn|warned|claim|claimed|believe|complain|complained|charge|charged|note|noted|fear|feared)\b",
    r"\b(?P<src>(?:some|many|most)\s+(?:people|observers|analysts|experts|critics|commentators|economists|scientists|residents|voters|Americans|Britons|historians|pundits))\s+(?:have\s+)?(?:say|said|believe|believed|think|thought|argue|argued|feel|felt|fear|feared|suggest|suggested|claim|claimed|agree|agreed|warn|warned)\b",
    r"\b(?P<src>some|many)\s+(?:have\s+)?(?:say|believe|argue|argued|think|feel|fear|claim|claimed|suspect|suggested|speculated)\b",
    r"\b(?P<src>experts|observers|commentators|pundits|scientists)\s+(?:have\s+)?(?:say|said|warn|warned|believe|agree|argue|suggest|predict|predicted|note)\b",
    r"\bit\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|generally\s+|commonly\s+|now\s+|also\s+)?(?:believed|thought|said|reported|understood|alleged|feared|claimed|rumou?red|suggested|argued|estimated)\b",
    r"\bit\s+(?:is|was|has\s+been)\s+(?:widely|generally|commonly|universally)\s+(?:accepted|acknowledged|agreed|recognized|recognised|known)\b",
    r"\breportedly\b",
    r"\brumou?red\b",
    r"\b(?P<src>studies|research|surveys|polls)\s+(?:have\s+)?(?:show|shown|shows|showed|suggest|suggests|suggested|indicate|indicates|found|find|prove|proves)\b",
    r"\baccording to (?:media |press |news |unconfirmed |local |some |several |various )?reports\b",
    r"\b(?:media|press|news) reports\s+(?:say|said|suggest|suggested|indicate|indicated|claim|claimed)\b",
    r"\bthere (?:are|were|have been|had been) (?:\w+ )?(?:claims|reports|suggestions|rumou?rs) that\b",
];

/// The word before a `studies/research show` match that makes the source specific.
pub const SPECIFIC_DETERMINERS: &[&str] = &[
    "the", "these", "those", "his", "her", "its", "their", "our", "two", "three", "both", "this",
    "that", "new", "recent", "previous", "such",
];

/// Number words: "four studies show" names how many studies, so it is not vague.
pub const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "both",
];

/// Anonymous sources (`attribution/anonymous-source`): (pattern, bare). A bare source
/// ("sources said", "a source") is a warning; a described one is info.
pub const ANONYMOUS: &[(&str, bool)] = &[
    (
        r"\b(?:a|one)\s+source\s+(?:said|says|told|tells|added|claimed|confirmed|revealed)\b",
        true,
    ),
    (
        r"\b(?:according to|said|told)\s+(?:a |one |two |three |several |multiple |unnamed |anonymous )?sources?\b",
        true,
    ),
    (
        r"\b(?:sources|insiders)\s+(?:said|say|says|told|tell|added|claimed|confirmed|revealed|suggested|indicated)\b",
        true,
    ),
    (
        r"\b(?:people|persons?|a person|sources?|officials?|insiders?|someone|aides?|diplomats?)\s+(?:familiar with|close to|briefed on|with (?:direct )?knowledge of|who (?:spoke|speak|talked) on (?:the )?condition|who (?:requested|asked for|demanded) anonymity|who (?:asked|declined) not to be (?:named|identified)|who declined to be (?:named|identified)|who (?:was|were|is|are) not authori[sz]ed)\b",
        false,
    ),
    (
        r"\b(?:on|under) (?:the )?condition of anonymity\b|\bspeaking anonymously\b|\bspoke anonymously\b",
        false,
    ),
    (
        r"\ba senior (?:[\p{L}.-]+\s+){0,3}?(?:official|diplomat|aide|officer|source)\s+(?:said|says|told|who|speaking|added)\b",
        false,
    ),
];

/// Words before `sources said` that make the source described rather than bare.
pub const BARE_SOURCE_PREFIXES: &[&str] = &[
    "",
    "the",
    "some",
    "several",
    "two",
    "three",
    "multiple",
    "unnamed",
    "anonymous",
    "other",
    "and",
    "but",
    "according",
    "to",
    "said",
    "told",
];

/// Evaluative sentence adverbs in the writer's voice (`attribution/editorializing`).
pub const EDITORIALIZING: &[&str] = &[
    "not surprisingly",
    "unsurprisingly",
    "predictably",
    "ironically",
    "clearly",
    "obviously",
    "of course",
    "undoubtedly",
    "sadly",
    "fortunately",
    "unfortunately",
    "tragically",
    "thankfully",
    "mercifully",
    "luckily",
    "needless to say",
    "surprisingly",
    "shockingly",
    "remarkably",
    "inevitably",
    "alarmingly",
    "incredibly",
    "amazingly",
    "disappointingly",
    "worryingly",
    "curiously",
    "interestingly",
    "frankly",
    "without a doubt",
    "unbelievably",
];

/// Loaded reporting verbs and their neutral replacement (`attribution/loaded-verb`).
pub const LOADED_VERBS: &[(&str, &str)] = &[
    ("claims", "says"),
    ("claimed", "said"),
    ("claim", "say"),
    ("admits", "says"),
    ("admitted", "said"),
    ("concedes", "says"),
    ("conceded", "said"),
    ("insists", "says"),
    ("insisted", "said"),
    ("insist", "say"),
];

/// Boilerplate and promo lines that are never checked (donation appeals, newsletter
/// sign-ups, share prompts).
pub const PROMO: &str = r"(?i)\b(?:donate|donation|donating|subscribe|subscription|subscribers?|newsletter|sign up|signing up|support (?:our|independent|quality) journalism|click here|follow us|all rights reserved|copyright|read more|download (?:our|the) app|become a (?:member|subscriber|patron)|tax[- ]deductible|advertisement|sponsored|share this|related stories|see earlier stories|more on this story)\b";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_table_is_lower_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for verb in REPORTING_VERBS {
            assert_eq!(*verb, verb.to_lowercase());
            assert!(seen.insert(verb), "duplicate {verb}");
        }
    }
}
