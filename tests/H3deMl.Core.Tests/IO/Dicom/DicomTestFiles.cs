using System.Security.Cryptography;
using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>Locates the committed DICOM fixtures (made by Fixtures/generate_fixtures.py), their expected values, and the
/// tool-made copies of the real series (made by Fixtures/generate_real_expected.py).</summary>
internal static class DicomTestFiles
{
    private static readonly Lazy<JsonElement> ExpectedLazy = new(() => Load("expected.json"));
    private static readonly Lazy<JsonElement> ExpectedRealLazy = new(() => Load("expected_real.json"));

    public static string FixturesFolder => Path.Combine(
        TestData.RepoRoot ?? throw new InvalidOperationException("The repository root (H3deMl.sln) was not found."),
        "tests", "H3deMl.Core.Tests", "IO", "Dicom", "Fixtures");

    public static string File(string relative) => Path.Combine(FixturesFolder, "files", relative);

    public static JsonElement Expected => ExpectedLazy.Value;

    public static JsonElement ExpectedReal => ExpectedRealLazy.Value;

    /// <summary>Where generate_real_expected.py put the tool-made copies: $H3DEML_DICOM_TRANSCODED or /tmp/h3deml-dicom-fixtures.</summary>
    public static string TranscodedRoot
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("H3DEML_DICOM_TRANSCODED");
            return string.IsNullOrEmpty(env) ? Path.Combine(Path.GetTempPath(), "h3deml-dicom-fixtures") : env;
        }
    }

    public static string Transcoded(string relative) => Path.Combine(TranscodedRoot, relative);

    public static string Sha256(float[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];

    public static Vector3d Vector(JsonElement e)
    {
        double[] d = Doubles(e);
        return new Vector3d(d[0], d[1], d[2]);
    }

    public static void AssertClose(Vector3d expected, Vector3d actual, double tolerance, string what)
    {
        double error = (expected - actual).Length;
        Assert.True(error <= tolerance, $"{what}: expected {expected}, got {actual} (error {error:G4} > {tolerance:G4})");
    }

    private static JsonElement Load(string name)
    {
        using JsonDocument doc = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(FixturesFolder, name)));
        return doc.RootElement.Clone();
    }
}

/// <summary>A fact skipped with a reason when a tool-made copy of the real data (generate_real_expected.py) is absent.</summary>
public sealed class TranscodedDicomFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="relativeFolder">The folder under the transcoded root the test needs.</param>
    public TranscodedDicomFactAttribute(string relativeFolder)
    {
        Skip = TranscodedDicomTheoryAttribute.Reason(relativeFolder);
    }
}

/// <summary>A theory skipped with a reason when a tool-made copy of the real data is absent.</summary>
public sealed class TranscodedDicomTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="relativeFolder">The folder under the transcoded root the test needs.</param>
    public TranscodedDicomTheoryAttribute(string relativeFolder)
    {
        Skip = Reason(relativeFolder);
    }

    internal static string? Reason(string relativeFolder)
    {
        if (TestData.SkipReason(null) is { } noData)
        {
            return noData;
        }

        string folder = DicomTestFiles.Transcoded(relativeFolder);
        return Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()
            ? null
            : $"Tool-made copies not found at {folder}: run tests/H3deMl.Core.Tests/IO/Dicom/Fixtures/generate_real_expected.py (needs dcmtk and libgdcm-tools) or set H3DEML_DICOM_TRANSCODED.";
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class DicomTempFolder : IDisposable
{
    public DicomTempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "h3deml-dicom-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, byte[] bytes)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
