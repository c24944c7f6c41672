namespace H3deMl.Trainers.Losses;

/// <summary>Deterministic selection of the k largest values (ties broken by lower index) without sorting everything.</summary>
internal static class TopSelection
{
    /// <summary>
    /// Appends to <paramref name="selected"/> the positions (offset by <paramref name="baseIndex"/>) of the
    /// <paramref name="k"/> largest <paramref name="values"/> among those where <paramref name="eligible"/> is true.
    /// </summary>
    internal static void AppendLargest(ReadOnlySpan<float> values, Func<int, bool> eligible, int k, int baseIndex, List<int> selected)
    {
        if (k <= 0) return;
        var candidates = new List<float>();
        for (var i = 0; i < values.Length; i++)
            if (eligible(i)) candidates.Add(values[i]);
        if (candidates.Count == 0) return;
        if (k >= candidates.Count)
        {
            for (var i = 0; i < values.Length; i++)
                if (eligible(i)) selected.Add(baseIndex + i);
            return;
        }
        var threshold = KthLargest(candidates, k);
        var above = 0;
        foreach (var v in candidates) if (v > threshold) above++;
        var equalBudget = k - above;
        for (var i = 0; i < values.Length; i++)
        {
            if (!eligible(i)) continue;
            var v = values[i];
            if (v > threshold) selected.Add(baseIndex + i);
            else if (v == threshold && equalBudget > 0)
            {
                selected.Add(baseIndex + i);
                equalBudget--;
            }
        }
    }

    /// <summary>The k-th largest value (1-based) by quickselect with a deterministic median-of-three pivot.</summary>
    private static float KthLargest(List<float> list, int k)
    {
        var a = list.ToArray();
        int lo = 0, hi = a.Length - 1, target = k - 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var pivot = Median(a[lo], a[mid], a[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] > pivot) i++;
                while (a[j] < pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return a[target];
        }
        return a[target];
    }

    private static float Median(float a, float b, float c) => MathF.Max(MathF.Min(a, b), MathF.Min(MathF.Max(a, b), c));
}
