namespace H3deMl.Evaluators.Reports.Imaging;

/// <summary>An 8-bit indexed image in the <see cref="ReportPalette"/>, with the marks the report draws on slices.</summary>
internal sealed class IndexedImage
{
    public IndexedImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = new byte[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major palette indices, top row first.</summary>
    public byte[] Pixels { get; }

    public byte this[int x, int y]
    {
        get => Pixels[(y * Width) + x];
        set => Pixels[(y * Width) + x] = value;
    }

    /// <summary>A ring of radius <paramref name="radius"/> around (<paramref name="cx"/>, <paramref name="cy"/>) (pixel
    /// coordinates, pixel centres at integer + 0.5), with a dark outline.</summary>
    public void DrawRing(double cx, double cy, double radius, double thickness, byte color)
    {
        double half = thickness / 2;
        Fill(cx, cy, radius + half + 1.5, (x, y) => Math.Abs(Math.Sqrt((x * x) + (y * y)) - radius), half, color);
    }

    /// <summary>A diagonal cross (×) of half-size <paramref name="size"/> centred on (<paramref name="cx"/>,
    /// <paramref name="cy"/>), with a dark outline.</summary>
    public void DrawCross(double cx, double cy, double size, double thickness, byte color)
    {
        static double Segment(double x, double y, double size, double sign)
        {
            // Distance to the segment from (−size, −sign·size) to (size, sign·size).
            double t = Math.Clamp(((x * size) + (y * sign * size)) / (2 * size * size), -1, 1) * size;
            double dx = x - t, dy = y - (sign * t);
            return Math.Sqrt((dx * dx) + (dy * dy));
        }

        double half = thickness / 2;
        Fill(cx, cy, size + half + 1.5, (x, y) => Math.Min(Segment(x, y, size, 1), Segment(x, y, size, -1)), half, color);
    }

    /// <summary>The image as a PNG file.</summary>
    public byte[] ToPng() => PngEncoder.Encode(Width, Height, PngColorType.Indexed, Pixels, ReportPalette.Rgb);

    /// <summary>Paints pixels whose centre is within <paramref name="half"/> of a shape (by its distance function relative
    /// to the centre) in <paramref name="color"/>, and those within one more pixel in the outline colour.</summary>
    private void Fill(double cx, double cy, double reach, Func<double, double, double> distance, double half, byte color)
    {
        int x0 = Math.Max(0, (int)Math.Floor(cx - reach)), x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + reach));
        int y0 = Math.Max(0, (int)Math.Floor(cy - reach)), y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + reach));
        for (int pass = 0; pass < 2; pass++)
        {
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    double d = distance(x + 0.5 - cx, y + 0.5 - cy);
                    if (pass == 0 && d <= half + 1)
                    {
                        this[x, y] = ReportPalette.Outline;
                    }
                    else if (pass == 1 && d <= half)
                    {
                        this[x, y] = color;
                    }
                }
            }
        }
    }
}
