using System.Globalization;

namespace H3deMl.Core.IO.Dicom;

/// <summary>The Image Pixel module attributes (PS3.3 C.7.6.3) that say how to read a frame.</summary>
internal sealed record DicomPixelFormat(
    int Rows,
    int Columns,
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    int HighBit,
    bool IsSigned,
    int PlanarConfiguration,
    string PhotometricInterpretation,
    bool IsFloat)
{
    /// <summary>The largest frame accepted (2^31 − 1 bytes): larger declared frames are corrupt headers.</summary>
    public const long MaxFrameBytes = int.MaxValue;

    public int PixelsPerFrame => Rows * Columns;

    /// <summary>Samples in one frame (pixels × samples per pixel).</summary>
    public int SamplesPerFrame => Rows * Columns * SamplesPerPixel;

    /// <summary>Bytes one native frame takes (1-bit data packed, PS3.5 §8.1.1).</summary>
    public long FrameBytes => BitsAllocated == 1
        ? ((long)Rows * Columns * SamplesPerPixel + 7) / 8
        : (long)Rows * Columns * SamplesPerPixel * (BitsAllocated / 8);

    /// <summary>Reads and validates the pixel format of a dataset (or a header-only parse of one).</summary>
    public static DicomPixelFormat FromDataset(DicomDataset ds)
    {
        int rows = ds.GetInt32(DicomTags.Rows);
        int columns = ds.GetInt32(DicomTags.Columns);
        int samples = ds.GetInt32OrDefault(DicomTags.SamplesPerPixel, 1);
        bool isFloat = ds.Contains(DicomTags.FloatPixelData) || ds.Contains(DicomTags.DoubleFloatPixelData);
        int bitsAllocated = isFloat
            ? (ds.Contains(DicomTags.DoubleFloatPixelData) ? 64 : 32)
            : ds.GetInt32(DicomTags.BitsAllocated);
        int bitsStored = ds.GetInt32OrDefault(DicomTags.BitsStored, bitsAllocated);
        int highBit = ds.GetInt32OrDefault(DicomTags.HighBit, bitsStored - 1);
        bool signed = ds.GetInt32OrDefault(DicomTags.PixelRepresentation, 0) == 1;
        int planar = ds.GetInt32OrDefault(DicomTags.PlanarConfiguration, 0);
        string photometric = ds.GetStringOrDefault(DicomTags.PhotometricInterpretation, "MONOCHROME2");

        string path = ds.FilePath;
        if (rows < 1 || columns < 1 || rows > 65535 || columns > 65535)
        {
            DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"Rows × Columns is {rows} × {columns} (expected 1 to 65535 each)"), ds.Find(DicomTags.Rows)?.Offset, DicomTags.Rows);
        }

        if (samples is not (1 or 3))
        {
            throw DicomThrowHelper.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"SamplesPerPixel is {samples}; only 1 (grayscale) and 3 (colour) are read"), DicomTags.SamplesPerPixel);
        }

        if (!isFloat && bitsAllocated is not (1 or 8 or 16 or 32))
        {
            throw DicomThrowHelper.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"BitsAllocated is {bitsAllocated}; only 1, 8, 16 and 32 are read"), DicomTags.BitsAllocated);
        }

        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated)
        {
            DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"BitsStored {bitsStored} and HighBit {highBit} do not fit in BitsAllocated {bitsAllocated} (expected 1 ≤ BitsStored ≤ BitsAllocated and BitsStored − 1 ≤ HighBit < BitsAllocated)"), ds.Find(DicomTags.BitsStored)?.Offset, DicomTags.BitsStored);
        }

        if (planar is not (0 or 1))
        {
            DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"PlanarConfiguration is {planar} (expected 0 or 1)"), ds.Find(DicomTags.PlanarConfiguration)?.Offset, DicomTags.PlanarConfiguration);
        }

        if (samples == 3 && photometric.StartsWith("YBR", StringComparison.Ordinal) && photometric != "YBR_RCT" && photometric != "YBR_ICT")
        {
            // Only the full-resolution, uncompressed RGB and grayscale layouts are meaningful for a scalar volume reader.
            throw DicomThrowHelper.Unsupported(path, $"PhotometricInterpretation {photometric} (subsampled YCbCr) is not read; convert the files to RGB or grayscale, e.g. `gdcmconv --raw`", DicomTags.PhotometricInterpretation);
        }

        return new DicomPixelFormat(rows, columns, samples, bitsAllocated, bitsStored, highBit, signed, samples == 1 ? 0 : planar, photometric, isFloat);
    }

    /// <summary>The original element type a volume of this format records.</summary>
    public Volumes.VolumeElementType ElementType => (IsFloat, BitsAllocated, IsSigned) switch
    {
        (true, 64, _) => Volumes.VolumeElementType.Float64,
        (true, _, _) => Volumes.VolumeElementType.Float32,
        (_, 1, _) => Volumes.VolumeElementType.UInt8,
        (_, 8, false) => Volumes.VolumeElementType.UInt8,
        (_, 8, true) => Volumes.VolumeElementType.Int8,
        (_, 16, false) => Volumes.VolumeElementType.UInt16,
        (_, 16, true) => Volumes.VolumeElementType.Int16,
        (_, _, false) => Volumes.VolumeElementType.UInt32,
        _ => Volumes.VolumeElementType.Int32,
    };
}
