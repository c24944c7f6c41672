using System.Runtime.CompilerServices;
using H3deMl.Transforms.Cropping;

namespace H3deMl.Transforms.Tests.Pipeline;

/// <summary>H3deMl.Transforms' public types do not share a name with a Microsoft.ML public type (the list is checked in
/// beside the Core test of the same name).</summary>
public sealed class PublicTypeNameTests
{
    [Fact]
    public void PublicTypes_DoNotShareNamesWithMicrosoftMl()
    {
        string list = Path.Combine(SourceDirectory(), "..", "..", "H3deMl.Core.Tests", "Pipeline", "MicrosoftMlPublicTypeNames.txt");
        HashSet<string> taken = [.. File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        Type[] types = typeof(RandomCropEstimator).Assembly.GetExportedTypes();
        Assert.True(types.Length > 40);
        string[] clashes = [.. types.Where(t => taken.Contains(t.Name.Split('`')[0])).Select(t => t.FullName!)];
        Assert.True(clashes.Length == 0, "Clashes with Microsoft.ML: " + string.Join(", ", clashes));
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
