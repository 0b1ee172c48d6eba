import Catalog
import Testing

@Suite struct AudioRootsTests {
    @Test func aPathBelongsToTheDeepestRootThatHoldsIt() {
        let roots = AudioRoots(["/srv/audio", "/srv/audio/jp/", "/mnt/nas"])
        #expect(roots.root(of: "/srv/audio/jp/曲 1.wav") == "/srv/audio/jp")
        #expect(roots.relativePath(of: "/srv/audio/jp/曲 1.wav") == "曲 1.wav")
        #expect(roots.relativePath(of: "/srv/audio/a/../b.wav") == "b.wav")
        #expect(roots.relativePath(of: "/mnt/nas/x/y.flac") == "x/y.flac")
    }

    @Test func escapesAndNeighboursAreOutsideEveryRoot() {
        let roots = AudioRoots(["/srv/audio"])
        for outside in [
            "/srv/users.toml", "/srv/audio/../users.toml", "/srv/audio-other/a.wav", "/srv/audio", "/etc/passwd",
        ] {
            #expect(!roots.contains(outside), "\(outside)")
            #expect(roots.relativePath(of: outside) == nil)
        }
        #expect(AudioRoots([]).relativePath(of: "/srv/audio/a.wav") == nil)
    }
}
