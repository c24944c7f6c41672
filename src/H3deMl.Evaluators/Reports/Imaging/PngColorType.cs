namespace H3deMl.Evaluators.Reports.Imaging;

/// <summary>The PNG colour types the encoder writes (8 bits per sample).</summary>
internal enum PngColorType : byte
{
    /// <summary>One grey byte per pixel.</summary>
    Grey = 0,

    /// <summary>Three bytes per pixel: red, green, blue.</summary>
    Rgb = 2,

    /// <summary>One palette index per pixel, with a PLTE chunk of up to 256 RGB entries.</summary>
    Indexed = 3,
}
