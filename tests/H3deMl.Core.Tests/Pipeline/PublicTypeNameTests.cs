using System.Reflection;
using System.Runtime.CompilerServices;

namespace H3deMl.Core.Tests.Pipeline;

/// <summary>No public type of H3deMl may share its simple name with a public type of Microsoft.ML (ARCHITECTURE.md), so
/// that both libraries can be imported in one file (<c>using Microsoft.ML; using H3deMl;</c>). The ML.NET names are the
/// checked-in list beside this file plus the exported types of the Microsoft.ML assemblies this test runs with.</summary>
public sealed class PublicTypeNameTests
{
    private static readonly string[] AssemblyNames = ["H3deMl.Core", "H3deMl.Tensors", "H3deMl.Transforms", "H3deMl.Trainers", "H3deMl.Evaluators"];

    [Fact]
    public void PublicTypes_DoNotShareNamesWithMicrosoftMl()
    {
        HashSet<string> taken = MicrosoftMlNames();
        var clashes = new List<string>();
        int checkedTypes = 0;
        foreach (Assembly assembly in LoadAssemblies())
        {
            foreach (Type type in assembly.GetExportedTypes().Where(t => !t.IsNested))
            {
                checkedTypes++;
                if (taken.Contains(SimpleName(type)))
                {
                    clashes.Add($"{type.FullName} ({assembly.GetName().Name})");
                }
            }
        }

        Assert.True(checkedTypes > 30, $"Only {checkedTypes} public types were found; the assemblies did not load.");
        Assert.True(clashes.Count == 0, "Public types share a name with a Microsoft.ML public type: " + string.Join(", ", clashes));
    }

    [Fact]
    public void NameList_HoldsMicrosoftMlNames_AndTheRunningMicrosoftMlAssembliesAddToIt()
    {
        HashSet<string> listed = ListedNames();
        Assert.True(listed.Count >= 400, $"The Microsoft.ML name list holds only {listed.Count} names.");
        Assert.Contains("TransformerScope", listed);
        Assert.Contains("MLContext", listed);
        Assert.Contains("PredictionEngine", listed);
        Assert.DoesNotContain("Volume", listed);
        // The running ML.NET (6.x) exports these; the check would catch a type of ours named so.
        HashSet<string> running = RunningMicrosoftMlNames();
        Assert.Contains("DataViewSchema", running);
        Assert.Contains("ITransformer", running);
        Assert.Contains(nameof(Microsoft.ML.Data.VectorDataViewType), MicrosoftMlNames());
    }

    internal static HashSet<string> MicrosoftMlNames() => [.. ListedNames(), .. RunningMicrosoftMlNames()];

    /// <summary>The checked-in list, read from beside this source file (tests run from the sources they were built from).</summary>
    private static HashSet<string> ListedNames()
    {
        string path = Path.Combine(SourceDirectory(), "MicrosoftMlPublicTypeNames.txt");
        return [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

    /// <summary>The top-level exported types of the Microsoft.ML assemblies beside the tests (ONNX Runtime, another product, aside).</summary>
    private static HashSet<string> RunningMicrosoftMlNames() =>
        [.. Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal))
            .SelectMany(f => Assembly.LoadFrom(f).GetExportedTypes())
            .Where(t => !t.IsNested)
            .Select(SimpleName)];

    private static string SimpleName(Type type) => type.Name.Split('`')[0];

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static IEnumerable<Assembly> LoadAssemblies()
    {
        foreach (string name in AssemblyNames)
        {
            Assembly? assembly = null;
            try
            {
                assembly = Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                string path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
                if (File.Exists(path))
                {
                    assembly = Assembly.LoadFrom(path);
                }
            }

            if (assembly is not null)
            {
                yield return assembly;
            }
        }
    }
}
