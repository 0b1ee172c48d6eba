import Foundation

/// `part` as a share of `whole`, with one decimal (`12.5%`); 0% of nothing.
func percent(_ part: Int, of whole: Int) -> String {
    String(format: "%.1f%%", whole == 0 ? 0 : Double(part) / Double(whole) * 100)
}
