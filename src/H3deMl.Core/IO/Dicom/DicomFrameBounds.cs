using System.Globalization;

namespace H3deMl.Core.IO.Dicom;

/// <summary>
/// Checks a header's NumberOfFrames and frame size against the pixel data bytes actually present, before a slice is built
/// or a voxel allocated: a 10 kB file must not be able to declare two billion 65535² frames. Products are computed in
/// 128 bits, so Rows = Columns = 65535 with any frame count cannot overflow the check.
/// </summary>
internal static class DicomFrameBounds
{
    /// <summary>Frames a file may declare whatever their size; beyond it each frame must bring at least
    /// <see cref="MinBytesPerFrameBeyondCap"/> bytes, so the per-frame bookkeeping (a few hundred bytes a frame) stays
    /// within about twice the file size.</summary>
    public const int FramesAlwaysAllowed = 65536;

    /// <summary>See <see cref="FramesAlwaysAllowed"/>.</summary>
    public const int MinBytesPerFrameBeyondCap = 128;

    /// <summary>Throws <see cref="InvalidVolumeContentException"/> when <paramref name="frames"/> frames of
    /// <paramref name="format"/> cannot be in the bytes of <paramref name="pixels"/>.</summary>
    public static void Check(DicomFile file, DicomPixelFormat format, int frames, DicomElement pixels)
    {
        DicomTransferSyntax syntax = file.TransferSyntax;
        if (!syntax.IsEncapsulated)
        {
            CheckNative(file, format, frames, pixels);
        }
        else
        {
            CheckEncapsulated(file, format, frames, pixels);
        }
    }

    private static void CheckNative(DicomFile file, DicomPixelFormat format, int frames, DicomElement pixels)
    {
        if (pixels.DeclaredLength < 0)
        {
            DicomThrowHelper.ThrowInvalid(file.FilePath, string.Create(CultureInfo.InvariantCulture, $"native pixel data has undefined length but transfer syntax {file.TransferSyntax} is not encapsulated"), pixels.Offset, pixels.Tag);
        }

        Int128 bitsPerFrame = (Int128)format.Rows * format.Columns * format.SamplesPerPixel * format.BitsAllocated;
        Int128 needed = ((bitsPerFrame * frames) + 7) / 8;
        if (needed > pixels.DeclaredLength)
        {
            DicomThrowHelper.ThrowInvalid(
                file.FilePath,
                string.Create(CultureInfo.InvariantCulture, $"the header declares {frames} frame(s) of {format.Columns}×{format.Rows}×{format.SamplesPerPixel} samples of {format.BitsAllocated} bits ({needed:N0} bytes) but the pixel data holds {pixels.DeclaredLength:N0} bytes"),
                pixels.Offset,
                pixels.Tag);
        }

        CheckBookkeeping(file, frames, pixels.DeclaredLength, pixels);
    }

    private static void CheckEncapsulated(DicomFile file, DicomPixelFormat format, int frames, DicomElement pixels)
    {
        // Everything from the pixel data element to the end of the stream is the most the fragments can hold.
        long available = Math.Max(0, file.StreamLength - pixels.Offset);
        Int128 perFrame = 8 + MinEncodedFrameBytes(file.TransferSyntax, format); // each frame has at least one item header
        Int128 needed = perFrame * frames;
        if (needed > available)
        {
            DicomThrowHelper.ThrowInvalid(
                file.FilePath,
                string.Create(CultureInfo.InvariantCulture, $"the header declares {frames} frame(s) of {format.Columns}×{format.Rows}×{format.SamplesPerPixel} samples of {format.BitsAllocated} bits in {file.TransferSyntax.Name}, which needs at least {needed:N0} bytes of encapsulated pixel data, but only {available:N0} bytes follow; NumberOfFrames, Rows or Columns is corrupt"),
                pixels.Offset,
                pixels.Tag);
        }

        CheckBookkeeping(file, frames, available, pixels);
    }

    private static void CheckBookkeeping(DicomFile file, int frames, long pixelBytes, DicomElement pixels)
    {
        if (frames > FramesAlwaysAllowed && (long)frames * MinBytesPerFrameBeyondCap > pixelBytes)
        {
            DicomThrowHelper.ThrowInvalid(
                file.FilePath,
                string.Create(CultureInfo.InvariantCulture, $"the header declares {frames} frames in {pixelBytes:N0} bytes of pixel data; more than {FramesAlwaysAllowed:N0} frames of under {MinBytesPerFrameBeyondCap} bytes each are not a volume (NumberOfFrames is corrupt)"),
                pixels.Offset,
                pixels.Tag);
        }
    }

    /// <summary>The fewest bytes a codec can encode one frame of <paramref name="format"/> in: RLE expands two bytes into at
    /// most 128 (PS3.5 §G.3.1) after a 64-byte header; a lossless JPEG Huffman code takes at least one bit per sample;
    /// encapsulated uncompressed data is the frame itself. Codecs that are not decoded get no bound beyond the item
    /// header, and are refused by name later.</summary>
    internal static long MinEncodedFrameBytes(DicomTransferSyntax syntax, DicomPixelFormat format) => syntax.Family switch
    {
        DicomCodecFamily.Rle => 64 + (format.FrameBytes / 64),
        DicomCodecFamily.JpegLossless => (long)format.Rows * format.Columns * format.SamplesPerPixel / 8,
        DicomCodecFamily.Native => format.FrameBytes,
        _ => 0,
    };
}
