namespace H3deMl.Trainers;

/// <summary>Pairs two lists of landmark names by name (never by position).</summary>
internal static class LandmarkNameMatch
{
    /// <summary>For each name of <paramref name="reference"/>, its index in <paramref name="other"/>, or −1.</summary>
    /// <exception cref="ArgumentException">The lists share no name (both are listed in the message).</exception>
    public static int[] Map(IReadOnlyList<string> reference, IReadOnlyList<string> other, string referenceRole, string otherRole)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < other.Count; i++)
        {
            index.TryAdd(other[i], i);
        }

        int[] map = [.. reference.Select(n => index.TryGetValue(n, out int i) ? i : -1)];
        if (reference.Count > 0 && map.All(i => i < 0))
        {
            throw new ArgumentException(
                $"The {referenceRole} landmarks ({string.Join(", ", reference)}) and the {otherRole} landmarks ({string.Join(", ", other)}) share no name; landmarks are matched by name.");
        }

        return map;
    }
}
