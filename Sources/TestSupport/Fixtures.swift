import Foundation

/// Locates committed test fixtures in `Tests/Fixtures/` (made by `scripts/fixtures/`, see its
/// `PROVENANCE.md`), found relative to this source file so no resource bundle is needed.
public enum Fixtures {
    /// `Tests/Fixtures/` of this checkout.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Tests/Fixtures", isDirectory: true)

    /// The fixture at `relativePath` below `Tests/Fixtures/`.
    public static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// The bytes of the fixture at `relativePath`.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }
}
