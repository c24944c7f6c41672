namespace H3deMl.Cli.Tests.Commands;

/// <summary>Tests that change the process's current folder run alone (after the parallel ones), so relative paths of other tests are unaffected.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentDirectoryCollection
{
    public const string Name = "Current directory";
}

/// <summary>Makes a folder current until disposed.</summary>
internal sealed class CurrentDirectory : IDisposable
{
    private readonly string _previous = Environment.CurrentDirectory;

    public CurrentDirectory(string path) => Environment.CurrentDirectory = path;

    public void Dispose() => Environment.CurrentDirectory = _previous;
}
