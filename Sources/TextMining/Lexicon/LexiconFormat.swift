/// The polarity lexicon file formats Tagmine reads.
public enum LexiconFormat: String, Sendable, CaseIterable, Codable {
    /// Takamura's PN Table: `word:reading:POS:score`, scores in [-1, 1], usually CP932.
    case pnTable = "pn-table"
    /// Tohoku University's Japanese evaluation lexicons: `ポジ（経験）<TAB>phrase` for predicates,
    /// `noun<TAB>p|n|e<TAB>note` for nouns; phrases are space-separated base forms.
    case tohoku
    /// VADER: `token<TAB>mean<TAB>std<TAB>[ratings]`, means in [-4, 4].
    case vader
    /// AFINN: `word<TAB>integer`, integers in [-5, 5].
    case afinn
    /// Tagmine's generic format: `term,score[,pos]` (or tab-separated), optional header, `#` comments.
    case generic

    /// Guesses the format from the first data line of a file.
    public static func detect(firstLine line: String) -> LexiconFormat {
        let tabs = line.split(separator: "\t", omittingEmptySubsequences: false)
        let colons = line.split(separator: ":", omittingEmptySubsequences: false)
        if tabs.count == 1 && colons.count == 4 && Double(colons[3]) != nil { return .pnTable }
        if tabs.count >= 2 && (tabs[0].hasPrefix("ポジ") || tabs[0].hasPrefix("ネガ")) { return .tohoku }
        if tabs.count >= 2 && ["p", "n", "e"].contains(tabs[1]) { return .tohoku }
        if tabs.count == 4 && Double(tabs[1]) != nil && tabs[3].hasPrefix("[") { return .vader }
        if tabs.count == 2 && Int(tabs[1]) != nil { return .afinn }
        return .generic
    }
}
