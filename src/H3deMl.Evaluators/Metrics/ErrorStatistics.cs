namespace H3deMl.Evaluators;

/// <summary>Mean, sample standard deviation and success detection rates of a list of errors.</summary>
internal static class ErrorStatistics
{
    /// <summary>The arithmetic mean; NaN for an empty list.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Count;
    }

    /// <summary>The sample standard deviation (divisor n − 1, DECISIONS.md §7); NaN for fewer than two values.</summary>
    public static double SampleStandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return double.NaN;
        }

        double mean = Mean(values);
        double sum = 0;
        foreach (double v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / (values.Count - 1));
    }

    /// <summary>The fraction of errors at or below each threshold (a hit is <c>error ≤ threshold</c>); NaN for no errors.</summary>
    public static IReadOnlyDictionary<double, double> SuccessRates(IReadOnlyList<double> errorsMm, IReadOnlyList<double> thresholdsMm)
    {
        var rates = new SortedDictionary<double, double>();
        foreach (double t in thresholdsMm)
        {
            int hits = 0;
            foreach (double e in errorsMm)
            {
                if (e <= t)
                {
                    hits++;
                }
            }

            rates[t] = errorsMm.Count == 0 ? double.NaN : (double)hits / errorsMm.Count;
        }

        return rates;
    }
}
