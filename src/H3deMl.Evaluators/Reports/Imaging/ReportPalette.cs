namespace H3deMl.Evaluators.Reports.Imaging;

/// <summary>The palette of report slice images: 252 grey levels, then the mark colours and the background.</summary>
internal static class ReportPalette
{
    /// <summary>The number of grey levels (indices 0 to <see cref="GreyLevels"/> − 1, black to white).</summary>
    public const int GreyLevels = 252;

    /// <summary>The ground-truth mark colour (green).</summary>
    public const byte Truth = 252;

    /// <summary>The prediction mark colour (magenta).</summary>
    public const byte Prediction = 253;

    /// <summary>The dark outline drawn around marks so they stand out on bright and dark tissue alike.</summary>
    public const byte Outline = 254;

    /// <summary>Pixels outside the volume (dark slate, distinct from black tissue).</summary>
    public const byte Outside = 255;

    /// <summary>The CSS colour of ground-truth marks.</summary>
    public const string TruthCss = "#22dd22";

    /// <summary>The CSS colour of prediction marks.</summary>
    public const string PredictionCss = "#ff33ff";

    /// <summary>The palette as RGB triples (768 bytes).</summary>
    public static byte[] Rgb { get; } = Build();

    private static byte[] Build()
    {
        var rgb = new byte[768];
        for (int n = 0; n < GreyLevels; n++)
        {
            byte g = (byte)Math.Round(n * 255.0 / (GreyLevels - 1));
            rgb[3 * n] = rgb[(3 * n) + 1] = rgb[(3 * n) + 2] = g;
        }

        Set(rgb, Truth, 0x22, 0xDD, 0x22);
        Set(rgb, Prediction, 0xFF, 0x33, 0xFF);
        Set(rgb, Outline, 0x00, 0x00, 0x00);
        Set(rgb, Outside, 0x1C, 0x24, 0x30);
        return rgb;
    }

    private static void Set(byte[] rgb, byte index, byte r, byte g, byte b)
    {
        rgb[3 * index] = r;
        rgb[(3 * index) + 1] = g;
        rgb[(3 * index) + 2] = b;
    }
}
