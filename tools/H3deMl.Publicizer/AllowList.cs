namespace H3deMl.Publicizer;

/// <summary>Reads the allow-list: one "[Assembly] T:Type" or "[Assembly] M:Type.Member" per line, '#' starts a comment.</summary>
internal static class AllowList
{
    public static List<string> EntriesFor(string path, string assemblyName)
    {
        string prefix = $"[{assemblyName}] ";
        return [.. File.ReadAllLines(path)
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
            .Select(line => line[prefix.Length..].Trim())];
    }
}
