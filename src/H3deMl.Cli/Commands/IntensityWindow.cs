using System.Globalization;

namespace H3deMl.Cli.Commands;

/// <summary>Parses an intensity window option value, <c>MIN,MAX</c> in scan units (e.g. <c>-1000,2000</c>).</summary>
internal static class IntensityWindow
{
    /// <summary>The window, or null unless the text is two finite numbers with MIN &lt; MAX.</summary>
    public static (float Min, float Max)? Parse(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float min) ||
            !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float max) || !(max > min) || !float.IsFinite(min) || !float.IsFinite(max))
        {
            return null;
        }

        return (min, max);
    }
}
