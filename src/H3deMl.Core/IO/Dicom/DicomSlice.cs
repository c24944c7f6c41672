using System.Globalization;
using H3deMl.Core.Geometry;

namespace H3deMl.Core.IO.Dicom;

/// <summary>One 2D image of a series: a single-frame file, or one frame of a multiframe file, with what the series
/// assembly needs (position, orientation, spacing, rescale, pixel format).</summary>
internal sealed class DicomSlice
{
    public required string FilePath { get; init; }

    public required int FrameIndex { get; init; }

    public required int FrameCount { get; init; }

    public required DicomTransferSyntax TransferSyntax { get; init; }

    /// <summary>ImageType holds MOSAIC: a Siemens image tiling all the slices of a volume.</summary>
    public bool IsMosaic { get; init; }

    public required DicomPixelFormat Format { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public string SopInstanceUid { get; init; } = "";

    public string Modality { get; init; } = "";

    public string PatientId { get; init; } = "";

    public string SeriesDescription { get; init; } = "";

    public int? SeriesNumber { get; init; }

    public int? InstanceNumber { get; init; }

    /// <summary>ImagePositionPatient: LPS mm of the centre of the first transmitted pixel; null when absent.</summary>
    public Vector3d? Position { get; init; }

    /// <summary>ImageOrientationPatient first triplet: LPS direction of increasing column index (along a row).</summary>
    public Vector3d? RowCosine { get; init; }

    /// <summary>ImageOrientationPatient second triplet: LPS direction of increasing row index (down a column).</summary>
    public Vector3d? ColumnCosine { get; init; }

    /// <summary>PixelSpacing[0]: distance between rows (adjacent row centres), mm; null when absent.</summary>
    public double? RowSpacingMm { get; init; }

    /// <summary>PixelSpacing[1]: distance between columns (adjacent column centres), mm; null when absent.</summary>
    public double? ColumnSpacingMm { get; init; }

    public double? SliceThicknessMm { get; init; }

    public double? SpacingBetweenSlicesMm { get; init; }

    public double RescaleSlope { get; init; } = 1;

    public double RescaleIntercept { get; init; }

    /// <summary>Builds the slices of a header-only parse (one per frame).</summary>
    public static List<DicomSlice> FromHeader(DicomFile file)
    {
        DicomDataset ds = file.Dataset;
        var slices = new List<DicomSlice>();
        if (!ds.Contains(DicomTags.PixelData) && !ds.Contains(DicomTags.FloatPixelData) && !ds.Contains(DicomTags.DoubleFloatPixelData))
        {
            return slices; // not an image (DICOMDIR, structured report, presentation state, ...)
        }

        bool mosaic = ds.GetStringOrDefault(DicomTags.ImageType).Split('\\').Any(v => v.Trim() == "MOSAIC");
        DicomPixelFormat format = DicomPixelFormat.FromDataset(ds);
        int frames = ds.GetInt32OrDefault(DicomTags.NumberOfFrames, 1);
        if (frames < 1)
        {
            frames = 1;
        }

        DicomElement pixels = ds.Find(DicomTags.PixelData) ?? ds.Find(DicomTags.FloatPixelData) ?? ds.Find(DicomTags.DoubleFloatPixelData)!;
        DicomFrameBounds.Check(file, format, frames, pixels);

        DicomDataset? shared = ds.FirstItemOrDefault(DicomTags.SharedFunctionalGroupsSequence);
        ds.TryGetSequence(DicomTags.PerFrameFunctionalGroupsSequence, out List<DicomDataset>? perFrame);
        if (perFrame is not null && perFrame.Count != frames)
        {
            DicomThrowHelper.ThrowInvalid(file.FilePath, string.Create(CultureInfo.InvariantCulture, $"NumberOfFrames is {frames} but PerFrameFunctionalGroupsSequence has {perFrame.Count} items"), ds.Find(DicomTags.PerFrameFunctionalGroupsSequence)?.Offset, DicomTags.PerFrameFunctionalGroupsSequence);
        }

        double[]? gridOffsets = null;
        if (frames > 1 && perFrame is null && ds.TryGetDoubles(DicomTags.GridFrameOffsetVector, out double[]? grid) && grid.Length == frames)
        {
            gridOffsets = grid;
        }

        for (int f = 0; f < frames; f++)
        {
            DicomDataset? frameGroups = perFrame?[f];
            Vector3d? position = Triplet(FromGroups(frameGroups, shared, DicomTags.PlanePositionSequence) ?? ds, DicomTags.ImagePositionPatient, file);
            DicomDataset orientationSource = FromGroups(frameGroups, shared, DicomTags.PlaneOrientationSequence) ?? ds;
            (Vector3d? row, Vector3d? column) = Orientation(orientationSource, file);
            DicomDataset measures = FromGroups(frameGroups, shared, DicomTags.PixelMeasuresSequence) ?? ds;
            double[]? spacing = measures.TryGetDoubles(DicomTags.PixelSpacing, out double[]? ps) && ps.Length >= 2 ? ps : null;
            DicomDataset rescale = FromGroups(frameGroups, shared, DicomTags.PixelValueTransformationSequence) ?? ds;
            double slope = rescale.GetDoubleOrDefault(DicomTags.RescaleSlope, 1);
            double intercept = rescale.GetDoubleOrDefault(DicomTags.RescaleIntercept, 0);
            if (!double.IsFinite(slope) || !double.IsFinite(intercept))
            {
                DicomThrowHelper.ThrowInvalid(file.FilePath, string.Create(CultureInfo.InvariantCulture, $"RescaleSlope {slope} or RescaleIntercept {intercept} is not a finite number"), rescale.Find(DicomTags.RescaleSlope)?.Offset, DicomTags.RescaleSlope);
            }

            if (slope == 0)
            {
                slope = 1; // a zero slope cannot be meant: read it as "no scaling", as NIfTI does with scl_slope 0
            }

            double? thickness = measures.TryGetDouble(DicomTags.SliceThickness, out double t) ? t : null;
            double? between = measures.TryGetDouble(DicomTags.SpacingBetweenSlices, out double b) || ds.TryGetDouble(DicomTags.SpacingBetweenSlices, out b) ? b : null;

            if (frames > 1 && perFrame is null && position is { } p0 && row is { } r && column is { } c)
            {
                // Classic multiframe (no functional groups): frames stacked along the normal from the one position,
                // by GridFrameOffsetVector (RT dose) or else by SpacingBetweenSlices / SliceThickness.
                Vector3d normal = Vector3d.Cross(r, c);
                double offset = gridOffsets is not null ? gridOffsets[f] - gridOffsets[0] : f * (between ?? thickness ?? 1.0);
                position = p0 + (normal * offset);
            }

            slices.Add(new DicomSlice
            {
                FilePath = file.FilePath,
                FrameIndex = f,
                FrameCount = frames,
                IsMosaic = mosaic,
                TransferSyntax = file.TransferSyntax,
                Format = format,
                SeriesInstanceUid = ds.GetStringOrDefault(DicomTags.SeriesInstanceUID),
                SopInstanceUid = ds.GetStringOrDefault(DicomTags.SOPInstanceUID),
                Modality = ds.GetStringOrDefault(DicomTags.Modality),
                PatientId = ds.GetStringOrDefault(DicomTags.PatientID),
                SeriesDescription = ds.GetStringOrDefault(DicomTags.SeriesDescription),
                SeriesNumber = ds.TryGetInt32(DicomTags.SeriesNumber, out int sn) ? sn : null,
                InstanceNumber = ds.TryGetInt32(DicomTags.InstanceNumber, out int inum) ? inum : null,
                Position = position,
                RowCosine = row,
                ColumnCosine = column,
                RowSpacingMm = spacing?[0],
                ColumnSpacingMm = spacing?[1],
                SliceThicknessMm = thickness,
                SpacingBetweenSlicesMm = between,
                RescaleSlope = slope,
                RescaleIntercept = intercept,
            });
        }

        return slices;
    }

    private static DicomDataset? FromGroups(DicomDataset? perFrame, DicomDataset? shared, DicomTag macro) =>
        perFrame?.FirstItemOrDefault(macro) ?? shared?.FirstItemOrDefault(macro);

    private static Vector3d? Triplet(DicomDataset ds, DicomTag tag, DicomFile file)
    {
        if (!ds.TryGetDoubles(tag, out double[]? v))
        {
            return null;
        }

        if (v.Length < 3 || !double.IsFinite(v[0]) || !double.IsFinite(v[1]) || !double.IsFinite(v[2]))
        {
            DicomThrowHelper.ThrowInvalid(file.FilePath, string.Create(CultureInfo.InvariantCulture, $"expected 3 finite numbers but found {v.Length} value(s)"), ds.Find(tag)?.Offset, tag);
        }

        return new Vector3d(v[0], v[1], v[2]);
    }

    private static (Vector3d? Row, Vector3d? Column) Orientation(DicomDataset ds, DicomFile file)
    {
        if (!ds.TryGetDoubles(DicomTags.ImageOrientationPatient, out double[]? v))
        {
            return (null, null);
        }

        if (v.Length < 6 || v.AsSpan(0, 6).ContainsAnyExcept(0.0) == false || Array.Exists(v, x => !double.IsFinite(x)))
        {
            DicomThrowHelper.ThrowInvalid(file.FilePath, string.Create(CultureInfo.InvariantCulture, $"expected 6 finite direction cosines, not all zero, but found {v.Length} value(s)"), ds.Find(DicomTags.ImageOrientationPatient)?.Offset, DicomTags.ImageOrientationPatient);
        }

        return (new Vector3d(v[0], v[1], v[2]), new Vector3d(v[3], v[4], v[5]));
    }
}
