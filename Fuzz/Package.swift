// swift-tools-version:6.2
// libFuzzer targets for Tagmine's parsers, built apart from the main package so that its ordinary
// builds never link libFuzzer: `make fuzz` builds this package with -sanitize=fuzzer,address.
import PackageDescription

let tagmine = Target.Dependency.product(name: "TagmineParsers", package: "main")
let settings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

/// One fuzz target: FuzzSupport's driver plus the target's `check(_:)`.
func fuzzer(_ name: String) -> Target {
    // lld: gold stops with an internal error on these sanitized executables.
    .executableTarget(
        name: name, dependencies: ["FuzzSupport", tagmine], swiftSettings: settings,
        linkerSettings: [.unsafeFlags(["-use-ld=lld"])])
}

let package = Package(
    name: "TagmineFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "main", path: "..")],
    targets: [
        .target(name: "FuzzSupport", swiftSettings: settings),
        fuzzer("fuzz-csv"), fuzzer("fuzz-xml"), fuzzer("fuzz-lexicon"), fuzzer("fuzz-keyword-map"),
        fuzzer("fuzz-model-file"), fuzzer("fuzz-audio"), fuzzer("fuzz-pretrained"),
    ]
)
