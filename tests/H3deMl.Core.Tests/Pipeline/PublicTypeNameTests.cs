using System.Reflection;
using System.Runtime.CompilerServices;

namespace H3deMl.Core.Tests.Pipeline;

/// <summary>No public type of H3deMl may share its simple name with a public type of Microsoft.ML (ARCHITECTURE.md), so
/// that both libraries can be imported in one file. The ML.NET names are the checked-in list beside this file.</summary>
public sealed class PublicTypeNameTests
{
    private static readonly string[] AssemblyNames = ["H3deMl.Core", "H3deMl.Tensors", "H3deMl.Transforms", "H3deMl.Trainers", "H3deMl.Evaluators"];

    [Fact]
    public void PublicTypes_DoNotShareNamesWithMicrosoftMl()
    {
        HashSet<string> taken = MicrosoftMlNames();
        Assert.True(taken.Count >= 150, $"The Microsoft.ML name list holds only {taken.Count} names.");
        var clashes = new List<string>();
        int checkedTypes = 0;
        foreach (Assembly assembly in LoadAssemblies())
        {
            foreach (Type type in assembly.GetExportedTypes())
            {
                checkedTypes++;
                string simple = type.Name.Split('`')[0];
                if (taken.Contains(simple))
                {
                    clashes.Add($"{type.FullName} ({assembly.GetName().Name})");
                }
            }
        }

        Assert.True(checkedTypes > 30, $"Only {checkedTypes} public types were found; the assemblies did not load.");
        Assert.True(clashes.Count == 0, "Public types share a name with a Microsoft.ML public type: " + string.Join(", ", clashes));
    }

    [Fact]
    public void NameCheck_CatchesAClash()
    {
        Assert.Contains("TransformerScope", MicrosoftMlNames());
        Assert.Contains("MLContext", MicrosoftMlNames());
    }

    /// <summary>The checked-in list, read from beside this source file (tests run from the sources they were built from).</summary>
    internal static HashSet<string> MicrosoftMlNames()
    {
        string path = Path.Combine(SourceDirectory(), "MicrosoftMlPublicTypeNames.txt");
        return [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

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
