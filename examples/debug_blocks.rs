fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let analysis = copydesk::lint(&text, &copydesk::Config::default());
    for (b, f) in analysis.document.blocks.iter().zip(&analysis.facts) {
        println!("{:?} {:?} {:?} words={} {:?}", b.kind, b.zone, f.promo, f.n_words, b.masked.chars().take(60).collect::<String>());
    }
    for f in &analysis.findings { println!("{} {}", f.rule, f.message); }
}
