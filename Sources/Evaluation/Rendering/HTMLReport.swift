import Foundation

/// A run report as one HTML page with the charts inline: opens from disk, no server, no scripts.
public enum HTMLReport {
    /// The page for `document`.
    public static func page(_ document: ReportDocument) -> String {
        let e = SVGReport.escape
        let run = document.run
        let title = "Run \(run.id)\(run.name.map { " '\($0)'" } ?? "") on \(run.labelSet)"
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(e(title))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; max-width: 70em; }
            table { border-collapse: collapse; margin: 1em 0; } td, th { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; } pre { background: #f6f6f6; padding: 1em; }
            code { background: #f0f0f0; padding: 0.1em 0.3em; }
            </style></head><body>
            <h1>\(e(title))</h1>
            <p>\(e(run.model)) on \(e(run.extractor)), \(run.folds) folds, \(run.tracks) tracks with out-of-fold \
            predictions (\(run.skipped) skipped), \(String(format: "%.2f", run.seconds)) s, by \(e(run.createdBy)).</p>
            <h2>Classification report</h2>
            <pre>\(e(document.report.text()))</pre>
            \(SVGReport.document(document, title: "Out-of-fold results"))
            """
        html +=
            "<h2>Class quality, worst first</h2><table><tr><th>class</th><th>tracks</th><th>self-confidence</th>"
            + "<th>flagged</th><th>F1</th></tr>"
        for quality in document.quality {
            html +=
                "<tr><td>\(e(quality.name))</td><td class=n>\(quality.tracks)</td>"
                + "<td class=n>\(String(format: "%.3f", quality.selfConfidence))</td>"
                + "<td class=n>\(quality.flagged) (\(String(format: "%.0f %%", 100 * quality.flaggedShare)))</td>"
                + "<td class=n>\(String(format: "%.3f", quality.f1))</td></tr>"
        }
        html += "</table>"
        if !document.suggestions.isEmpty {
            html += "<h2>Suggested next steps</h2><ol>"
            for suggestion in document.suggestions {
                html += "<li><code>\(e(suggestion.command))</code><br>\(e(suggestion.reason))</li>"
            }
            html += "</ol>"
        }
        if !document.traces.isEmpty {
            html += "<h2>Where the disputed labels came from</h2><ul>"
            html += document.traces.map { "<li>\(e($0))</li>" }.joined()
            html += "</ul>"
        }
        html +=
            "<h2>Review queue</h2><table><tr><th>track</th><th>given</th><th>predicted</th><th>p(given)</th>"
            + "<th>p(predicted)</th></tr>"
        for entry in document.queue.prefix(100) {
            html +=
                "<tr><td>\(e(entry.track))</td><td>\(e(entry.issue.given))</td><td>\(e(entry.issue.predicted))</td>"
                + "<td class=n>\(String(format: "%.3f", entry.issue.givenProbability))</td>"
                + "<td class=n>\(String(format: "%.3f", entry.issue.predictedProbability))</td></tr>"
        }
        html += "</table>"
        if document.queue.count > 100 { html += "<p>… and \(document.queue.count - 100) more.</p>" }
        return html + "</body></html>\n"
    }
}
