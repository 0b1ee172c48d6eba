import Foundation

/// Standalone SVG charts of a run: the confusion-matrix heat map, per-class precision / recall bars
/// and training curves. Every user string is escaped; the output needs no fonts or scripts.
public enum SVGReport {
    /// One line of a training-curve chart.
    public struct Series: Sendable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// All three charts of `document` stacked in one SVG document.
    public static func document(_ document: ReportDocument, title: String) -> String {
        let heat = heatMap(classes: document.classes, confusion: document.confusion)
        let bars = precisionRecall(document.report), lines = trainingCurves(document.curves)
        let width = max(heat.width, bars.width, lines.width) + 40
        var y = 50.0
        var body = text(20, 30, title, size: 18, weight: "bold")
        for chart in [heat, bars, lines] {
            body += "<g transform=\"translate(20,\(format(y)))\">\(chart.body)</g>\n"
            y += chart.height + 30
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(format(width))" height="\(format(y))" \
            viewBox="0 0 \(format(width)) \(format(y))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            \(body)</svg>

            """
    }

    /// A chart's markup and size.
    public struct Chart: Sendable {
        public var body: String
        public var width: Double
        public var height: Double
    }

    /// Counts in every cell, shaded by the row-normalised share (recall on the diagonal).
    public static func heatMap(classes names: [String], confusion: ConfusionMatrix) -> Chart {
        let cell = 56.0, left = labelWidth(names), top = 40.0
        let shares = confusion.normalized(.truth)
        var body = text(
            0, 14, "Confusion matrix (rows: given label, columns: predicted; shade: share of the row)", weight: "bold")
        for (column, name) in names.enumerated() {
            body += text(left + Double(column) * cell + cell / 2, top - 6, name, anchor: "middle")
        }
        for (row, name) in names.enumerated() {
            let y = top + Double(row) * cell
            body += text(left - 8, y + cell / 2 + 4, name, anchor: "end")
            for column in names.indices {
                let share = shares[row][column], x = left + Double(column) * cell
                let fill = row == column ? "rgba(33,113,181,\(format(share)))" : "rgba(203,24,29,\(format(share)))"
                body +=
                    "<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(cell))\" height=\"\(format(cell))\" "
                    + "fill=\"\(fill)\" stroke=\"#ccc\"><title>\(escape("\(name) → \(names[column])"))</title></rect>"
                body += text(
                    x + cell / 2, y + cell / 2 + 4, "\(confusion.counts[row][column])", anchor: "middle",
                    fill: share > 0.55 ? "white" : "black")
            }
        }
        return Chart(body: body, width: left + Double(names.count) * cell, height: top + Double(names.count) * cell)
    }

    /// Precision and recall per class as paired horizontal bars.
    public static func precisionRecall(_ report: ClassificationReport) -> Chart {
        let names = report.classes.map(\.name), left = labelWidth(names), barWidth = 300.0, row = 34.0
        var body = text(0, 14, "Precision (dark) and recall (light) per class", weight: "bold")
        for (index, entry) in report.classes.enumerated() {
            let y = 26 + Double(index) * row
            body += text(left - 8, y + 14, entry.name, anchor: "end")
            for (offset, value, color) in [(0.0, entry.precision, "#08519c"), (13.0, entry.recall, "#6baed6")] {
                let length = value.isNaN ? 0 : barWidth * value
                body +=
                    "<rect x=\"\(format(left))\" y=\"\(format(y + offset))\" width=\"\(format(length))\" height=\"11\" fill=\"\(color)\"/>"
                body += text(
                    left + length + 4, y + offset + 10, value.isNaN ? "nan" : String(format: "%.2f", value), size: 10)
            }
        }
        return Chart(body: body, width: left + barWidth + 40, height: 26 + Double(names.count) * row)
    }

    /// Loss (or accuracy) per epoch, one line per series, on shared axes.
    public static func trainingCurves(_ series: [Series]) -> Chart {
        let width = 420.0, height = 180.0, left = 40.0, top = 24.0
        let all = series.flatMap(\.values).filter(\.isFinite)
        let high = all.max() ?? 1, low = min(0, all.min() ?? 0), epochs = max(2, series.map(\.values.count).max() ?? 2)
        let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
        var body = text(0, 14, "Training loss per epoch", weight: "bold")
        body +=
            "<rect x=\"\(format(left))\" y=\"\(format(top))\" width=\"\(format(width))\" height=\"\(format(height))\" fill=\"none\" stroke=\"#999\"/>"
        body += text(left - 4, top + 10, String(format: "%.2f", high), anchor: "end", size: 10)
        body += text(left - 4, top + height, String(format: "%.2f", low), anchor: "end", size: 10)
        for (index, line) in series.enumerated() {
            let points = line.values.enumerated().filter { $0.element.isFinite }.map { epoch, value in
                let x = left + width * Double(epoch) / Double(epochs - 1)
                let y = top + height * (1 - (value - low) / max(high - low, 1e-12))
                return "\(format(x)),\(format(y))"
            }
            let color = palette[index % palette.count]
            body +=
                "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>"
            body += text(left + width + 8, top + 12 + Double(index) * 14, line.name, size: 10, fill: color)
        }
        return Chart(body: body, width: left + width + 90, height: top + height + 10)
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped for XML and HTML.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    private static func text(
        _ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Int = 12,
        weight: String = "normal",
        fill: String = "black"
    ) -> String {
        "<text x=\"\(format(x))\" y=\"\(format(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" "
            + "font-weight=\"\(weight)\" fill=\"\(fill)\">\(escape(content))</text>"
    }

    private static func labelWidth(_ names: [String]) -> Double {
        Double(names.map { $0.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } }.max() ?? 4) * 7 + 16
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
