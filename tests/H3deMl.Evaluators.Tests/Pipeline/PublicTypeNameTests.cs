using System.Runtime.CompilerServices;

namespace H3deMl.Evaluators.Tests.Pipeline;

/// <summary>No public type of H3deMl.Evaluators may share its simple name with a public type of Microsoft.ML
/// (ARCHITECTURE.md); the names are the list checked in beside H3deMl.Core.Tests' name test.</summary>
public sealed class PublicTypeNameTests
{
    [Fact]
    public void PublicTypes_DoNotShareNamesWithMicrosoftMl()
    {
        string list = Path.Combine(SourceDirectory(), "..", "..", "H3deMl.Core.Tests", "Pipeline", "MicrosoftMlPublicTypeNames.txt");
        HashSet<string> taken = [.. File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        Assert.Contains("RegressionMetrics", taken);
        Type[] types = typeof(LandmarkDetectionMetrics).Assembly.GetExportedTypes();
        Assert.True(types.Length >= 10, $"Only {types.Length} public types were found.");

        string[] clashes = [.. types.Select(t => t.Name.Split('`')[0]).Where(taken.Contains)];

        Assert.True(clashes.Length == 0, "Public types share a name with a Microsoft.ML public type: " + string.Join(", ", clashes));
    }

    [Fact]
    public void PublicTypes_AreInTheH3deMlNamespace()
    {
        string[] elsewhere = [.. typeof(LandmarkDetectionMetrics).Assembly.GetExportedTypes().Where(t => t.Namespace != "H3deMl").Select(t => t.FullName!)];

        Assert.True(elsewhere.Length == 0, "Public types outside namespace H3deMl: " + string.Join(", ", elsewhere));
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
