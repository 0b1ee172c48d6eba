public import Records

extension RelabelOperation {
    /// The operation as `tagmine relabel` options: `--drop pops`, `--merge 'a,b=a'`, `--set T1=rock`.
    public var commandArguments: String {
        switch self {
        case .drop(let name): "--drop \(RunAnalysis.quoted(name))"
        case .merge(let sources, let target):
            "--merge " + RunAnalysis.quoted("\(sources.joined(separator: ","))=\(target)")
        case .rename(let from, let to): "--rename " + RunAnalysis.quoted("\(from)=\(to)")
        case .rethreshold(let selection): "--rethreshold " + selection.summary
        case .set(let track, let classes, _):
            "--set " + RunAnalysis.quoted("\(track)=\(classes.joined(separator: "+"))")
        case .unset(let track, _): "--unset \(RunAnalysis.quoted(track))"
        }
    }
}
