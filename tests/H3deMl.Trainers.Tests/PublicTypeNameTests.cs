using System.Reflection;
using System.Runtime.CompilerServices;
using H3deMl.Trainers;

namespace H3deMl.Trainers.Tests;

/// <summary>H3deMl.Trainers' public types do not share a name with a Microsoft.ML public type (the list is checked in beside
/// the Core test of the same name; the exported types of the Microsoft.ML assemblies beside the tests are added).</summary>
public sealed class PublicTypeNameTests
{
    [Fact]
    public void PublicTypes_DoNotShareNamesWithMicrosoftMl()
    {
        string list = Path.Combine(SourceDirectory(), "..", "H3deMl.Core.Tests", "Pipeline", "MicrosoftMlPublicTypeNames.txt");
        HashSet<string> taken = [.. File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        taken.UnionWith(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal))
            .SelectMany(f => Assembly.LoadFrom(f).GetExportedTypes())
            .Where(t => !t.IsNested)
            .Select(t => t.Name.Split('`')[0]));
        Assert.Contains("PredictionEngine", taken);

        Type[] types = [.. typeof(H3deNetTrainer).Assembly.GetExportedTypes().Where(t => !t.IsNested)];
        Assert.True(types.Length > 10, $"only {types.Length} public types: {string.Join(", ", types.Select(t => t.Name))}");
        Assert.Contains(types, t => t.Name == "LandmarkPrediction");
        string[] clashes = [.. types.Where(t => taken.Contains(t.Name.Split('`')[0])).Select(t => t.FullName!)];
        Assert.True(clashes.Length == 0, "Clashes with Microsoft.ML: " + string.Join(", ", clashes));
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
