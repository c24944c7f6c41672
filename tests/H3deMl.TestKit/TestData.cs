using Xunit;

namespace H3deMl.TestKit;

/// <summary>Locates the real test data: <c>H3DEML_TESTDATA</c>, else <c>../shared/data</c> beside the repository root
/// (the folder holding H3deMl.sln); and nibabel's bundled test files (<c>H3DEML_NIBABEL_DATA</c>, else Debian's path).</summary>
public static class TestData
{
    private static readonly Lazy<string?> RepoRootLazy = new(FindRepoRoot);
    private static readonly Lazy<string?> RootLazy = new(FindDataRoot);
    private static readonly Lazy<string?> NibabelLazy = new(FindNibabel);

    /// <summary>The repository root (holding H3deMl.sln), or null when not found.</summary>
    public static string? RepoRoot => RepoRootLazy.Value;

    /// <summary>The shared data folder, or null when absent.</summary>
    public static string? Root => RootLazy.Value;

    /// <summary>nibabel's test data folder, or null when absent.</summary>
    public static string? NibabelRoot => NibabelLazy.Value;

    /// <summary>A path inside the shared data folder.</summary>
    /// <exception cref="InvalidOperationException">The data folder is absent (tests should be skipped by <see cref="DataFactAttribute"/>).</exception>
    public static string File(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException("The shared test data folder was not found."), relative);

    /// <summary>A path inside nibabel's test data folder.</summary>
    /// <exception cref="InvalidOperationException">The folder is absent.</exception>
    public static string NibabelFile(string relative) =>
        System.IO.Path.Combine(NibabelRoot ?? throw new InvalidOperationException("nibabel's test data folder was not found."), relative);

    /// <summary>The skip reason when a shared data file is unavailable, or null when it is present.</summary>
    public static string? SkipReason(string? relative)
    {
        if (Root is null)
        {
            return "Real test data not found: set H3DEML_TESTDATA or place the data at ../shared/data beside the repository.";
        }

        if (relative is not null && !System.IO.File.Exists(File(relative)) && !Directory.Exists(File(relative)))
        {
            return $"Real test data file '{relative}' not found under {Root}.";
        }

        return null;
    }

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "H3deMl.sln")))
            {
                return dir.FullName;
            }
        }

        // Built with an artifacts path outside the repository: the test assembly records where its sources were.
        foreach (System.Reflection.Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            foreach (var meta in assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>())
            {
                if (meta.Key == "H3deMlRepoRoot" && meta.Value is not null && System.IO.File.Exists(System.IO.Path.Combine(meta.Value, "H3deMl.sln")))
                {
                    return meta.Value;
                }
            }
        }

        return null;
    }

    private static string? FindDataRoot()
    {
        string? env = Environment.GetEnvironmentVariable("H3DEML_TESTDATA");
        if (!string.IsNullOrEmpty(env))
        {
            return Directory.Exists(env) ? System.IO.Path.GetFullPath(env) : null;
        }

        if (RepoRoot is null)
        {
            return null;
        }

        string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string? FindNibabel()
    {
        string? env = Environment.GetEnvironmentVariable("H3DEML_NIBABEL_DATA");
        string candidate = !string.IsNullOrEmpty(env) ? env : "/usr/lib/python3/dist-packages/nibabel/tests/data";
        return Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that is skipped, with the reason, when the real test data (or one file of it) is absent.</summary>
public sealed class DataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="relativePath">A file the test needs, relative to the data folder; null for the folder only.</param>
    public DataFactAttribute(string? relativePath = null)
    {
        string? reason = TestData.SkipReason(relativePath);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that is skipped, with the reason, when the real test data is absent.</summary>
public sealed class DataTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="relativePath">A file the test needs, relative to the data folder; null for the folder only.</param>
    public DataTheoryAttribute(string? relativePath = null)
    {
        string? reason = TestData.SkipReason(relativePath);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that is skipped, with the reason, when nibabel's bundled test files are absent
/// (install Debian's python3-nibabel or set H3DEML_NIBABEL_DATA).</summary>
public sealed class NibabelDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public NibabelDataTheoryAttribute()
    {
        if (TestData.NibabelRoot is null)
        {
            Skip = "nibabel's test data not found: install python3-nibabel or set H3DEML_NIBABEL_DATA.";
        }
    }
}
