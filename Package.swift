// swift-tools-version:6.2
import Foundation
import PackageDescription

/// `TAGMINE_FFT=fftw` builds the STFT on FFTW3 (GPL) instead of Tagmine's own power-of-two FFT with
/// KissFFT for other sizes (MIT and BSD, the default, which keeps Tagmine's licence permissive).
/// README: "Choosing the FFT".
let fftw = ProcessInfo.processInfo.environment["TAGMINE_FFT"] == "fftw"

/// Settings shared by every Swift target (swift-log's and Hummingbird's strict set).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
]

/// The numeric modules are optimised in debug builds too: unoptimised, their loops made a training
/// test 17 times slower (a 2-fold musicnn fine-tune: 68 s against 4 s), most of `make test`'s time.
/// Bounds and overflow checks stay on.
let numericSettings = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let grdbSQLite = Target.Dependency.product(name: "GRDBSQLite", package: "GRDB.swift")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let toml = Target.Dependency.product(name: "TOMLKit", package: "TOMLKit")
let heap = Target.Dependency.product(name: "HeapModule", package: "swift-collections")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdCore = Target.Dependency.product(name: "HummingbirdCore", package: "hummingbird")
let zip = Target.Dependency.product(name: "ZIPFoundation", package: "ZIPFoundation")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")

// Linux only (Debian 12 and later): the modules call Glibc and link Debian's C libraries, so no
// Apple platform is declared.
let package = Package(
    name: "Tagmine",
    products: [
        .executable(name: "tagmine", targets: ["tagmine"]),
        // The parsers Fuzz/Package.swift builds with libFuzzer.
        .library(
            name: "TagmineParsers", targets: ["Catalog", "TextMining", "AudioFeatures", "Learning", "Pretrained"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
        // Exactly one trait: with two, SwiftPM orders their -D flags differently from run to run and
        // every no-op build recompiles Hummingbird (seen with SwiftPM 6.3 on Linux).
        .package(
            url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        // Hummingbird's own SwiftNIO, named for its thread pool (blocking file checks off the request path).
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        // SwiftNIO's own swift-collections, for its Heap (emotion labeling's --top).
        .package(url: "https://github.com/apple/swift-collections.git", exact: "1.6.0"),
    ],
    targets: [
        // C libraries, each imported by exactly one module.
        // Debian's libmecab-dev ships no pkg-config file; the header and library are on the default paths.
        .systemLibrary(name: "CMeCab", providers: [.apt(["libmecab-dev", "mecab-ipadic-utf8"])]),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        // Debian's kissfft-float.pc has -D flags SwiftPM refuses; the headers are on the default path.
        .systemLibrary(name: "CKissFFT", providers: [.apt(["libkissfft-dev"])]),
        .systemLibrary(name: "CFFTW3", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        // glibc's <malloc.h>: the server tunes where large buffers are allocated.
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Modules in data-flow order.
        // The value types the domain modules share and the store persists; no logic beyond their own
        // validation and encoding.
        .target(name: "Records", dependencies: [crypto], swiftSettings: swiftSettings),
        .target(name: "TextMining", dependencies: ["Records", "CMeCab", toml, heap], swiftSettings: swiftSettings),
        .target(
            name: "Catalog", dependencies: ["Records", "TextMining", "CLibXML2", crypto], swiftSettings: swiftSettings),
        .target(
            name: "AudioFeatures",
            dependencies: ["Records", "CSndFile", "CSoxr", fftw ? "CFFTW3" : "CKissFFT", "COpenBLAS", crypto],
            swiftSettings: numericSettings + (fftw ? [.define("TAGMINE_FFTW")] : [])
        ),
        .target(
            name: "Learning", dependencies: ["Records", "AudioFeatures", "COpenBLAS"], swiftSettings: numericSettings),
        .target(
            name: "Pretrained", dependencies: ["AudioFeatures", "Learning", zip, crypto], swiftSettings: numericSettings
        ),
        .target(name: "Evaluation", dependencies: ["Records"], swiftSettings: swiftSettings),
        .target(
            name: "Store",
            dependencies: ["Records", grdb, grdbSQLite, crypto],
            swiftSettings: swiftSettings
        ),
        // The application layer: one workflow per use case, composing the domain modules and the store.
        .target(
            name: "Workflows",
            dependencies: [
                "Records", "Store", "Catalog", "TextMining", "AudioFeatures", "Learning", "Pretrained", "Evaluation",
                crypto, toml,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Workflows", "Store", "Catalog", "Learning", "Pretrained", "Evaluation", "AudioFeatures", "TextMining",
                "CMalloc", hummingbird,
                hummingbirdCore, nioCore, nioPosix, toml,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DemoCatalog",
            dependencies: ["Catalog", "TextMining", "AudioFeatures"],
            swiftSettings: numericSettings
        ),
        .executableTarget(
            name: "tagmine",
            dependencies: [
                "TextMining", "Catalog", "AudioFeatures", "Learning", "Pretrained", "Evaluation", "Store", "Workflows",
                "Server", "DemoCatalog", "CMalloc", argumentParser,
            ],
            swiftSettings: swiftSettings
        ),

        // Benchmarks: data generators the `make bench-…` targets drive.
        .executableTarget(
            name: "tagmine-bench-catalog",
            dependencies: ["Catalog"],
            path: "Benchmarks/CatalogGenerator",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "tagmine-bench-cnn",
            dependencies: ["Learning", "Workflows"],
            path: "Benchmarks/CNNBench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "tagmine-bench-finetune",
            dependencies: ["Learning", "Pretrained"],
            path: "Benchmarks/FineTuneBench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "tagmine-bench-fft",
            dependencies: ["AudioFeatures"],
            path: "Benchmarks/FFTBench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "tagmine-bench-eval",
            dependencies: ["Evaluation"],
            path: "Benchmarks/EvaluationBench",
            swiftSettings: swiftSettings
        ),

        // Tests.
        .target(
            name: "TagmineTestSupport", dependencies: ["Store", "Workflows", "Catalog", "DemoCatalog"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "TextMiningTests",
            dependencies: ["TextMining", "TagmineTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CatalogTests",
            dependencies: ["Catalog", "TextMining", "TagmineTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "Workflows", "Catalog", "TextMining", "AudioFeatures", "DemoCatalog", "TagmineTestSupport",
                grdb,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: [
                "Workflows", "Store", "Catalog", "TextMining", "AudioFeatures", "Learning", "Evaluation", "DemoCatalog",
                "TagmineTestSupport", grdb,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AudioFeaturesTests",
            dependencies: ["AudioFeatures", "TagmineTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LearningTests",
            dependencies: ["Learning", "AudioFeatures", "TagmineTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PretrainedTests",
            dependencies: ["Pretrained", "AudioFeatures", "Learning", "TagmineTestSupport", zip],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation", "TagmineTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DemoCatalogTests",
            dependencies: ["DemoCatalog", "AudioFeatures", "Catalog", "TagmineTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Store", "Workflows", "DemoCatalog", "AudioFeatures", "Learning", "Evaluation", "TextMining",
                "Catalog", "TagmineTestSupport", grdb,
                hummingbird, .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagmineCLITests",
            dependencies: ["tagmine", "AudioFeatures", "TagmineTestSupport", grdb],
            swiftSettings: swiftSettings
        ),
    ]
)
