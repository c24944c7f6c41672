using System.Globalization;

namespace H3deMl.Cli.Commands;

/// <summary>Parses option values such as <c>128,128,64</c>.</summary>
internal static class IntList
{
    /// <summary>Parses exactly <paramref name="count"/> positive integers separated by commas (or 'x').</summary>
    public static bool TryParse(string text, int count, out int[] values)
    {
        string[] parts = text.Split([',', 'x', '×'], StringSplitOptions.TrimEntries);
        values = new int[parts.Length];
        if (parts.Length != count)
        {
            return false;
        }

        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                return false;
            }
        }

        return true;
    }
}
