using System.Buffers;
using System.Globalization;
using System.Runtime.ExceptionServices;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.Dicom;

/// <summary>
/// Reads a DICOM series (a folder, a file, or a list of files) into a <see cref="Volume"/>, in managed code.
/// </summary>
/// <remarks>
/// <para><b>Files.</b> DICOM Part 10 files (with or without the 128-byte preamble) in implicit or explicit VR, little or
/// big endian, or deflated. Pixel data uncompressed (8/16/32-bit integers, signed or unsigned, BitsStored and HighBit
/// honoured; 1-bit; float), RLE Lossless, or JPEG Lossless process 14 with any predictor (transfer syntaxes
/// 1.2.840.10008.1.2.4.57 and .70). Any other transfer syntax (JPEG-LS, JPEG 2000, lossy JPEG, video, …) raises an
/// <see cref="UnsupportedVolumeContentException"/> that names the UID and the syntax and says how to convert the files
/// (<c>gdcmconv --raw</c>); the UID is also in the exception's <see cref="Exception.Data"/> under "TransferSyntaxUid".
/// Multiframe files are read frame by frame, with per-frame positions from the functional groups where present.</para>
/// <para><b>Series.</b> Images are grouped by geometry, not by UID alone (files may have empty UIDs): SeriesInstanceUID,
/// ImageOrientationPatient (within 1e-4), PixelSpacing (within 1e-4 relative), Rows and Columns. A folder may hold several
/// series; the one with the most slices is read (ties: the lowest SeriesNumber, then UID), unless
/// <see cref="DicomSeriesReadOptions.SeriesInstanceUid"/> or <see cref="DicomSeriesReadOptions.SeriesIndex"/> names one;
/// <see cref="ListSeries(string, CancellationToken)"/> lists them all, and the volume's metadata records which was read
/// and lists the others (<see cref="DicomMetadataKeys.SeriesSelection"/>, <see cref="DicomMetadataKeys.OtherSeries"/>). Files that are not DICOM, and DICOM objects without pixel data, are skipped when reading a folder.</para>
/// <para><b>Geometry (LPS mm, [i, j, k] with i fastest).</b> i runs along a row (the first ImageOrientationPatient
/// vector: the direction of increasing column index), j down a column (the second vector), k along the slice normal
/// (i × j), in which the slices are sorted by the projection of ImagePositionPatient. Spacing is PixelSpacing[1]
/// (column spacing) for i, PixelSpacing[0] (row spacing) for j, and for k the mean step between the sorted positions,
/// never SliceThickness (which differs when slices overlap or have gaps). The origin is the ImagePositionPatient of the
/// first sorted slice. A single image uses SpacingBetweenSlices, else SliceThickness, else 1 mm for k.</para>
/// <para><b>Uneven spacing.</b> A series is uneven when a slice lies more than max(0.01 mm, 2 % of the mean step) from
/// where the uniform grid from the first to the last slice puts it (a missing slice, a change of step). By default this
/// raises an <see cref="InvalidVolumeContentException"/> listing the steps; with
/// <see cref="DicomSeriesReadOptions.AllowUnevenSpacing"/> the mean step is used and the positions are recorded in the
/// metadata. Two slices at the same position, and slice positions that drift within the image plane by more than a
/// quarter pixel (gantry tilt), are errors too.</para>
/// <para><b>Intensities.</b> Each slice's RescaleSlope/RescaleIntercept (or its Pixel Value Transformation functional
/// group) is applied to its own voxels, so values are in physical units (Hounsfield units for CT).</para>
/// </remarks>
public static class DicomSeriesReader
{
    /// <summary>Absolute part of the slice-position tolerance, mm.</summary>
    internal const double PositionToleranceMm = 0.01;

    /// <summary>Relative part of the slice-position tolerance, as a fraction of the mean step.</summary>
    internal const double PositionToleranceRelative = 0.02;

    /// <summary>Reads the largest series in a folder, or the series of one file.</summary>
    /// <param name="folderOrFile">A folder (searched recursively) or one DICOM file.</param>
    /// <param name="cancellationToken">Cancels the read between files.</param>
    /// <returns>The volume, with metadata Format "DICOM", TransferSyntaxUid, SliceCount and more (see <see cref="DicomMetadataKeys"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="folderOrFile"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">A file is malformed, no image was found, or the slices do not form a volume.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The pixel data uses a transfer syntax or layout that is not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Volume Read(string folderOrFile, CancellationToken cancellationToken = default) =>
        Read(folderOrFile, new DicomSeriesReadOptions(), cancellationToken);

    /// <summary>Reads the largest series among the given files (all of them, when they form one series).</summary>
    /// <param name="files">DICOM files, in any order.</param>
    /// <param name="cancellationToken">Cancels the read between files.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="files"/> is null.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">A file is not DICOM or is malformed, or the slices do not form a volume.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The pixel data uses a transfer syntax or layout that is not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Volume Read(IEnumerable<string> files, CancellationToken cancellationToken = default) =>
        Read(files, new DicomSeriesReadOptions(), cancellationToken);

    /// <summary>Reads a series from a folder or a file, with options.</summary>
    /// <param name="folderOrFile">A folder (searched recursively) or one DICOM file.</param>
    /// <param name="options">Which series to read and whether uneven spacing is allowed.</param>
    /// <param name="cancellationToken">Cancels the read between files.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both SeriesInstanceUid and SeriesIndex.</exception>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">A file is malformed, no image was found, or the slices do not form a volume.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The pixel data uses a transfer syntax or layout that is not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Volume Read(string folderOrFile, DicomSeriesReadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folderOrFile);
        ArgumentNullException.ThrowIfNull(options);
        (List<DicomSlice> slices, string source) = Scan(folderOrFile, cancellationToken);
        return Assemble(slices, source, options, cancellationToken);
    }

    /// <summary>Reads a series from a list of files, with options.</summary>
    /// <param name="files">DICOM files, in any order.</param>
    /// <param name="options">Which series to read and whether uneven spacing is allowed.</param>
    /// <param name="cancellationToken">Cancels the read between files.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both SeriesInstanceUid and SeriesIndex.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">A file is not DICOM or is malformed, or the slices do not form a volume.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The pixel data uses a transfer syntax or layout that is not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Volume Read(IEnumerable<string> files, DicomSeriesReadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        string[] list = files.ToArray();
        List<DicomSlice> slices = ScanFiles(list, throwIfNotDicom: true, cancellationToken);
        return Assemble(slices, list.Length == 1 ? list[0] : CommonFolder(list), options, cancellationToken);
    }

    /// <summary>Lists the series in a folder (or the series of one file), largest first, without reading pixel data.</summary>
    /// <param name="folderOrFile">A folder (searched recursively) or one DICOM file.</param>
    /// <param name="cancellationToken">Cancels the scan between files.</param>
    /// <returns>The series, the one <see cref="Read(string, CancellationToken)"/> would read first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="folderOrFile"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">A DICOM file's header is malformed.</exception>
    /// <exception cref="OperationCanceledException">The scan was cancelled.</exception>
    public static IReadOnlyList<DicomSeriesInfo> ListSeries(string folderOrFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folderOrFile);
        (List<DicomSlice> slices, _) = Scan(folderOrFile, cancellationToken);
        return Group(slices).Select(Describe).ToArray();
    }

    private static DicomSeriesInfo Describe(List<DicomSlice> group)
    {
        List<DicomSlice> ordered = TryOrder(group);
        DicomSlice first = ordered[0];
        return new DicomSeriesInfo(
            first.SeriesInstanceUid,
            first.SeriesNumber,
            first.SeriesDescription,
            first.Modality,
            first.Format.Rows,
            first.Format.Columns,
            group.Count,
            first.TransferSyntax.Uid,
            first.TransferSyntax.Name,
            ordered.Select(s => s.FilePath).Distinct(StringComparer.Ordinal).ToArray());
    }

    /// <summary>True when <paramref name="header"/> (the first 132 bytes of a file, or all of it when shorter) starts a
    /// DICOM file: "DICM" after the 128-byte preamble, or a preamble-less dataset starting with a group 0002 or 0008 element.</summary>
    internal static bool IsDicom(ReadOnlySpan<byte> header) => DicomParser.IsDicom(header);

    private static (List<DicomSlice> Slices, string Source) Scan(string folderOrFile, CancellationToken cancellationToken)
    {
        if (Directory.Exists(folderOrFile))
        {
            string[] files = DicomFolderScan.Files(folderOrFile);
            List<DicomSlice> slices = ScanFiles(files, throwIfNotDicom: false, cancellationToken);
            if (slices.Count == 0)
            {
                throw DicomThrowHelper.Invalid(folderOrFile, string.Create(CultureInfo.InvariantCulture, $"no DICOM image found among {files.Length} file(s) in the folder"));
            }

            return (slices, folderOrFile);
        }

        if (!File.Exists(folderOrFile))
        {
            throw new FileNotFoundException($"{folderOrFile}: no such file or folder.", folderOrFile);
        }

        return (ScanFiles([folderOrFile], throwIfNotDicom: true, cancellationToken), folderOrFile);
    }

    private static List<DicomSlice> ScanFiles(string[] files, bool throwIfNotDicom, CancellationToken cancellationToken)
    {
        var perFile = new List<DicomSlice>[files.Length];
        RunParallel(files.Length, cancellationToken, i =>
        {
            string path = files[i];
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: no such file.", path);
            }

            if (!DicomFolderScan.IsReadableRegularFile(path))
            {
                if (throwIfNotDicom)
                {
                    throw DicomThrowHelper.Invalid(path, "the file is empty or not a regular file (a FIFO, socket or device); only regular files are read");
                }

                perFile[i] = [];
                return;
            }

            DicomFile? header = DicomFileLoader.ReadHeader(path, throwIfNotDicom);
            perFile[i] = header is null ? [] : DicomSlice.FromHeader(header);
            if (throwIfNotDicom && perFile[i].Count == 0)
            {
                throw DicomThrowHelper.Invalid(path, "the DICOM file holds no image (no Pixel Data element (7FE0,0010))");
            }
        });

        return perFile.SelectMany(s => s).ToList();
    }

    /// <summary>Runs <paramref name="body"/> for 0..count−1 on the thread pool; the first domain exception is rethrown as is.</summary>
    private static void RunParallel(int count, CancellationToken cancellationToken, Action<int> body)
    {
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        try
        {
            Parallel.For(0, count, options, body);
        }
        catch (AggregateException ex)
        {
            Exception first = ex.Flatten().InnerExceptions.OrderBy(e => e is OperationCanceledException ? 1 : 0).First();
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
    }

    private static string CommonFolder(string[] files) =>
        files.Length == 0 ? "(no files)" : Path.GetDirectoryName(Path.GetFullPath(files[0])) ?? files[0];

    /// <summary>Groups slices by SeriesInstanceUID, matrix size, samples, orientation and pixel spacing, largest first.</summary>
    private static List<List<DicomSlice>> Group(List<DicomSlice> slices)
    {
        var groups = new List<List<DicomSlice>>();
        foreach (DicomSlice slice in slices)
        {
            List<DicomSlice>? group = groups.Find(g => SameGeometry(g[0], slice));
            if (group is null)
            {
                groups.Add([slice]);
            }
            else
            {
                group.Add(slice);
            }
        }

        return groups
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g[0].SeriesNumber ?? int.MaxValue)
            .ThenBy(g => g[0].SeriesInstanceUid, StringComparer.Ordinal)
            .ToList();
    }

    private static bool SameGeometry(DicomSlice a, DicomSlice b)
    {
        if (!string.Equals(a.SeriesInstanceUid, b.SeriesInstanceUid, StringComparison.Ordinal)
            || a.Format.Rows != b.Format.Rows || a.Format.Columns != b.Format.Columns
            || a.Format.SamplesPerPixel != b.Format.SamplesPerPixel)
        {
            return false;
        }

        if (a.RowCosine.HasValue != b.RowCosine.HasValue || a.Position.HasValue != b.Position.HasValue)
        {
            return false;
        }

        if (a.RowCosine is { } ra && b.RowCosine is { } rb
            && ((ra - rb).Length > 1e-4 || (a.ColumnCosine!.Value - b.ColumnCosine!.Value).Length > 1e-4))
        {
            return false;
        }

        return CloseRelative(a.RowSpacingMm, b.RowSpacingMm) && CloseRelative(a.ColumnSpacingMm, b.ColumnSpacingMm);
    }

    private static bool CloseRelative(double? a, double? b) =>
        (a is null && b is null) || (a is { } x && b is { } y && Math.Abs(x - y) <= 1e-4 * Math.Max(Math.Abs(x), Math.Abs(y)));

    /// <summary>The slices in volume order: by position along the normal when there is geometry, else by InstanceNumber.</summary>
    private static List<DicomSlice> TryOrder(List<DicomSlice> group)
    {
        DicomSlice first = group[0];
        if (first.Position is not null && first.RowCosine is { } r && first.ColumnCosine is { } c)
        {
            Vector3d normal = Vector3d.Cross(r, c);
            return group.OrderBy(s => Vector3d.Dot(s.Position!.Value, normal)).ThenBy(s => s.FilePath, StringComparer.Ordinal).ThenBy(s => s.FrameIndex).ToList();
        }

        return group.OrderBy(s => s.InstanceNumber ?? int.MaxValue).ThenBy(s => s.FilePath, StringComparer.Ordinal).ThenBy(s => s.FrameIndex).ToList();
    }

    private static Volume Assemble(List<DicomSlice> all, string source, DicomSeriesReadOptions options, CancellationToken cancellationToken)
    {
        if (all.Count == 0)
        {
            throw DicomThrowHelper.Invalid(source, "no DICOM image found");
        }

        List<List<DicomSlice>> groups = Group(all);
        DicomSeriesInfo[] series = groups.Count == 1 && options.SeriesIndex is null && options.SeriesInstanceUid is null ? [] : groups.Select(Describe).ToArray();
        (int chosen, string how) = series.Length == 0 ? (0, "largest (default)") : DicomSeriesSelection.Choose(series, options, source);
        List<DicomSlice> group = groups[chosen];

        if (group[0].IsMosaic && !options.ReadMosaicTiled)
        {
            throw DicomThrowHelper.Unsupported(
                group[0].FilePath,
                "ImageType says this is a Siemens MOSAIC: each image tiles all the slices of a volume, whose count and positions are in the private CSA header, so it cannot be read as one slice. Convert the series first, e.g. `dcm2niix -o OUT FOLDER`, and read the NIfTI (DicomSeriesReadOptions.ReadMosaicTiled reads the tiled image as stored, for pixel checks)",
                DicomTags.ImageType);
        }

        // Fail fast on a transfer syntax we cannot decode, before reading any pixel data.
        foreach (DicomSlice slice in group)
        {
            if (!slice.TransferSyntax.CanDecode)
            {
                throw DicomThrowHelper.UnsupportedTransferSyntax(slice.FilePath, slice.TransferSyntax);
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        (List<DicomSlice> ordered, VolumeGeometry geometry) = BuildGeometry(group, source, options, metadata);
        DicomSlice first = ordered[0];
        int spp = first.Format.SamplesPerPixel;
        long planeSamples = (long)first.Format.Rows * first.Format.Columns * spp;
        long total = planeSamples * ordered.Count;
        if (total > Array.MaxLength)
        {
            throw DicomThrowHelper.Unsupported(first.FilePath, string.Create(CultureInfo.InvariantCulture, $"the series is {first.Format.Columns}×{first.Format.Rows}×{ordered.Count} with {spp} sample(s) per pixel ({total:N0} values), more than one array can hold ({Array.MaxLength:N0})"));
        }

        float[] voxels = GC.AllocateUninitializedArray<float>((int)total); // every plane is written below
        DecodeAll(ordered, voxels, (int)planeSamples, cancellationToken);

        metadata[VolumeMetadataKeys.Format] = "DICOM";
        metadata[VolumeMetadataKeys.SourcePath] = source;
        metadata[VolumeMetadataKeys.TransferSyntaxUid] = first.TransferSyntax.Uid;
        metadata[VolumeMetadataKeys.TransferSyntaxName] = first.TransferSyntax.Name;
        metadata[VolumeMetadataKeys.SliceCount] = ordered.Count.ToString(CultureInfo.InvariantCulture);
        metadata[VolumeMetadataKeys.SeriesInstanceUid] = first.SeriesInstanceUid;
        if (first.Modality.Length > 0)
        {
            metadata[VolumeMetadataKeys.Modality] = first.Modality;
        }

        if (first.PatientId.Length > 0)
        {
            metadata[VolumeMetadataKeys.PatientId] = first.PatientId;
        }

        if (first.SeriesNumber is { } seriesNumber)
        {
            metadata[DicomMetadataKeys.SeriesNumber] = seriesNumber.ToString(CultureInfo.InvariantCulture);
        }

        if (first.SeriesDescription.Length > 0)
        {
            metadata[DicomMetadataKeys.SeriesDescription] = first.SeriesDescription;
        }

        if (first.SliceThicknessMm is { } thickness)
        {
            metadata[DicomMetadataKeys.SliceThickness] = thickness.ToString("R", CultureInfo.InvariantCulture);
        }

        bool rescaleVaries = ordered.Exists(s => s.RescaleSlope != first.RescaleSlope || s.RescaleIntercept != first.RescaleIntercept);
        if (rescaleVaries)
        {
            metadata[DicomMetadataKeys.RescaleVariesBySlice] = "true";
        }
        else
        {
            if (first.RescaleSlope != 1)
            {
                metadata[VolumeMetadataKeys.RescaleSlope] = first.RescaleSlope.ToString("R", CultureInfo.InvariantCulture);
            }

            if (first.RescaleIntercept != 0)
            {
                metadata[VolumeMetadataKeys.RescaleIntercept] = first.RescaleIntercept.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        metadata[DicomMetadataKeys.SeriesIndex] = chosen.ToString(CultureInfo.InvariantCulture);
        metadata[DicomMetadataKeys.SeriesSelection] = how;
        if (groups.Count > 1)
        {
            metadata[DicomMetadataKeys.SeriesInFolder] = groups.Count.ToString(CultureInfo.InvariantCulture);
            metadata[DicomMetadataKeys.OtherSeries] = DicomSeriesSelection.Others(series, chosen);
        }

        return new Volume(voxels, geometry, first.Format.ElementType, metadata, spp);
    }

    private static (List<DicomSlice> Ordered, VolumeGeometry Geometry) BuildGeometry(List<DicomSlice> group, string source, DicomSeriesReadOptions options, Dictionary<string, string> metadata)
    {
        List<DicomSlice> ordered = TryOrder(group);
        DicomSlice first = ordered[0];
        var size = new VolumeSize(first.Format.Columns, first.Format.Rows, ordered.Count);
        double spacingI = first.ColumnSpacingMm ?? 1.0;
        double spacingJ = first.RowSpacingMm ?? 1.0;
        var assumed = new List<string>();
        if (first.ColumnSpacingMm is null || first.RowSpacingMm is null)
        {
            assumed.Add("no PixelSpacing: 1 mm in-plane");
        }

        if (spacingI <= 0 || spacingJ <= 0 || !double.IsFinite(spacingI) || !double.IsFinite(spacingJ))
        {
            throw DicomThrowHelper.Invalid(first.FilePath, string.Create(CultureInfo.InvariantCulture, $"expected two positive PixelSpacing values but found {spacingJ}\\{spacingI}"), tag: DicomTags.PixelSpacing);
        }

        double singleStep = first.SpacingBetweenSlicesMm is > 0 ? first.SpacingBetweenSlicesMm.Value : first.SliceThicknessMm is > 0 ? first.SliceThicknessMm.Value : 1.0;

        if (first.Position is not { } origin || first.RowCosine is not { } rowCosine || first.ColumnCosine is not { } columnCosine)
        {
            assumed.Add("no ImagePositionPatient/ImageOrientationPatient: identity direction, slices by InstanceNumber");
            metadata[DicomMetadataKeys.AssumedGeometry] = string.Join("; ", assumed);
            var fallback = new VolumeGeometry(size, new Vector3d(spacingI, spacingJ, singleStep), first.Position ?? Vector3d.Zero, Matrix3d.Identity);
            return (ordered, fallback);
        }

        if (assumed.Count > 0)
        {
            metadata[DicomMetadataKeys.AssumedGeometry] = string.Join("; ", assumed);
        }

        (Vector3d u, Vector3d v, Vector3d n) = Orthonormalize(rowCosine, columnCosine, first.FilePath);
        double[] along = ordered.Select(s => Vector3d.Dot(s.Position!.Value - origin, n)).ToArray();
        double step = singleStep;
        if (ordered.Count > 1)
        {
            step = (along[^1] - along[0]) / (ordered.Count - 1);
            double tolerance = Math.Max(PositionToleranceMm, PositionToleranceRelative * Math.Abs(step));
            for (int k = 1; k < ordered.Count; k++)
            {
                if (along[k] - along[k - 1] <= tolerance)
                {
                    DicomSlice a = ordered[k - 1], b = ordered[k];
                    throw DicomThrowHelper.Invalid(
                        b.FilePath,
                        string.Create(CultureInfo.InvariantCulture, $"two slices lie at the same position ({along[k]:0.###} mm along the slice normal): {Describe(a)} and {Describe(b)}. The input holds more than one acquisition with the same geometry; pass the files of one of them to DicomSeriesReader.Read(IEnumerable<string>)"));
                }
            }

            double maxDeviation = 0;
            for (int k = 0; k < ordered.Count; k++)
            {
                maxDeviation = Math.Max(maxDeviation, Math.Abs(along[k] - (along[0] + (k * step))));
            }

            if (maxDeviation > tolerance)
            {
                string steps = string.Join(", ", Enumerable.Range(1, ordered.Count - 1).Select(k => (along[k] - along[k - 1]).ToString("0.####", CultureInfo.InvariantCulture)));
                if (!options.AllowUnevenSpacing)
                {
                    throw DicomThrowHelper.Invalid(
                        source,
                        string.Create(CultureInfo.InvariantCulture, $"the {ordered.Count} slices are not evenly spaced (mean step {step:0.####} mm; a slice lies {maxDeviation:0.####} mm from the uniform grid, tolerance {tolerance:0.####} mm; steps: {steps}). A slice may be missing. Read it anyway with DicomSeriesReadOptions.AllowUnevenSpacing = true (the mean step is used and the true positions are kept in the metadata)"));
                }

                metadata[DicomMetadataKeys.UnevenSpacing] = "true";
                metadata[DicomMetadataKeys.SlicePositions] = string.Join(",", along.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
            }

            metadata[DicomMetadataKeys.MaxSliceDeviation] = maxDeviation.ToString("R", CultureInfo.InvariantCulture);

            // Slices must stack along the normal: an in-plane drift (gantry tilt) would shear the volume.
            Vector3d lastOffset = ordered[^1].Position!.Value - origin;
            Vector3d inPlane = lastOffset - (n * Vector3d.Dot(lastOffset, n));
            if (inPlane.Length > 0.25 * Math.Min(spacingI, spacingJ) + PositionToleranceMm)
            {
                throw DicomThrowHelper.Unsupported(
                    ordered[^1].FilePath,
                    string.Create(CultureInfo.InvariantCulture, $"the slices drift {inPlane.Length:0.###} mm within the image plane from the first to the last (more than a quarter pixel): the series is sheared (gantry tilt), which a volume with orthogonal axes cannot hold. Resample it first (e.g. dcm2niix corrects gantry tilt)"));
            }
        }

        var geometry = new VolumeGeometry(size, new Vector3d(spacingI, spacingJ, step), origin, Matrix3d.FromColumns(u, v, n));
        return (ordered, geometry);
    }

    private static string Describe(DicomSlice s) =>
        s.FrameCount > 1 ? string.Create(CultureInfo.InvariantCulture, $"{s.FilePath} frame {s.FrameIndex + 1}") : s.FilePath;

    private static (Vector3d U, Vector3d V, Vector3d N) Orthonormalize(Vector3d row, Vector3d column, string path)
    {
        double dot = Vector3d.Dot(row, column);
        if (Math.Abs(row.Length - 1) > 1e-2 || Math.Abs(column.Length - 1) > 1e-2 || Math.Abs(dot) > 1e-2)
        {
            throw DicomThrowHelper.Invalid(path, string.Create(CultureInfo.InvariantCulture, $"ImageOrientationPatient is not two perpendicular unit vectors (lengths {row.Length:0.####} and {column.Length:0.####}, dot product {dot:0.####})"), tag: DicomTags.ImageOrientationPatient);
        }

        // Gram–Schmidt: DS values are rounded, so make the direction exactly orthonormal.
        Vector3d u = row * (1 / row.Length);
        Vector3d w = column - (u * Vector3d.Dot(column, u));
        Vector3d v = w * (1 / w.Length);
        return (u, v, Vector3d.Cross(u, v));
    }

    /// <summary>Reads each file once (in parallel) and decodes its frames into their planes of <paramref name="voxels"/>.</summary>
    private static void DecodeAll(List<DicomSlice> ordered, float[] voxels, int planeSamples, CancellationToken cancellationToken)
    {
        var byFile = ordered
            .Select((slice, k) => (slice, k))
            .GroupBy(x => x.slice.FilePath, StringComparer.Ordinal)
            .Select(g => g.ToArray())
            .ToArray();

        RunParallel(byFile.Length, cancellationToken, f =>
        {
            (DicomSlice Slice, int K)[] items = byFile[f];
            string path = items[0].Slice.FilePath;
            byte[] buffer = DicomFileLoader.ReadAll(path, out int length);
            try
            {
                DicomFile file = DicomFile.Parse(path, buffer.AsMemory(0, length));
                (int First, int Count)[]? frames = null; // where each frame's fragments are, found once per file
                foreach ((DicomSlice slice, int k) in items)
                {
                    DecodeFrame(file, slice, voxels.AsSpan((int)((long)k * planeSamples), planeSamples), ref frames);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });
    }

    private static void DecodeFrame(DicomFile file, DicomSlice slice, Span<float> destination, ref (int First, int Count)[]? frames)
    {
        DicomDataset ds = file.Dataset;
        DicomElement pixels = ds.Find(DicomTags.PixelData) ?? ds.Find(DicomTags.FloatPixelData) ?? ds.Find(DicomTags.DoubleFloatPixelData)
            ?? throw DicomThrowHelper.Invalid(file.FilePath, "the pixel data element disappeared between the header scan and the read");
        DicomPixelFormat format = slice.Format;
        DicomTransferSyntax syntax = file.TransferSyntax;
        if (!syntax.IsEncapsulated)
        {
            if (pixels.Fragments is not null)
            {
                DicomThrowHelper.ThrowInvalid(file.FilePath, $"the pixel data is encapsulated but transfer syntax {syntax} is native", pixels.Offset, pixels.Tag);
            }

            ReadOnlySpan<byte> data = pixels.Value.Span;
            if (format.BitsAllocated == 1)
            {
                long bit = (long)slice.FrameIndex * format.SamplesPerFrame;
                DicomNativeDecoder.Decode(data[(int)(bit >> 3)..], format, syntax.IsLittleEndian, slice.RescaleSlope, slice.RescaleIntercept, destination, (int)(bit & 7));
                return;
            }

            long start = slice.FrameIndex * format.FrameBytes;
            ReadOnlySpan<byte> frame = data.Slice((int)start, (int)format.FrameBytes);
            if (!syntax.IsLittleEndian && format.BitsAllocated == 8 && pixels.VR == DicomVR.OW)
            {
                // 8-bit samples in an OW value, big endian: each 16-bit word has its two bytes swapped.
                byte[] swapped = new byte[frame.Length];
                for (int i = 0; i < swapped.Length; i++)
                {
                    int physical = (int)((start + i) ^ 1);
                    swapped[i] = physical < data.Length ? data[physical] : (byte)0;
                }

                frame = swapped;
            }

            DicomNativeDecoder.Decode(frame, format, syntax.IsLittleEndian, slice.RescaleSlope, slice.RescaleIntercept, destination);
            return;
        }

        if (pixels.Fragments is null)
        {
            DicomThrowHelper.ThrowInvalid(file.FilePath, $"transfer syntax {syntax} requires encapsulated pixel data (undefined length, fragments) but the pixel data has a defined length", pixels.Offset, pixels.Tag);
        }

        frames ??= DicomPixelFrames.Locate(pixels, slice.FrameCount, file.FilePath);
        (int First, int Count) location = frames[slice.FrameIndex];
        ReadOnlyMemory<byte> encoded = DicomPixelFrames.Join(pixels, location);
        long offset = pixels.FragmentOffsets![location.First + 1];
        if (syntax.Uid == DicomTransferSyntax.EncapsulatedUncompressedUid)
        {
            if (encoded.Length < format.FrameBytes)
            {
                DicomThrowHelper.ThrowInvalid(file.FilePath, string.Create(CultureInfo.InvariantCulture, $"frame {slice.FrameIndex + 1} holds {encoded.Length:N0} bytes but {format.FrameBytes:N0} are needed"), offset, pixels.Tag);
            }

            DicomNativeDecoder.Decode(encoded.Span, format, true, slice.RescaleSlope, slice.RescaleIntercept, destination);
            return;
        }

        int frameBytes = (int)format.FrameBytes;
        byte[] native = ArrayPool<byte>.Shared.Rent(frameBytes);
        try
        {
            Span<byte> nativeFrame = native.AsSpan(0, frameBytes);
            if (syntax.Family == DicomCodecFamily.Rle)
            {
                DicomRleDecoder.Decode(encoded.Span, format, file.FilePath, offset, nativeFrame);
            }
            else
            {
                if (format.BitsAllocated is not (8 or 16 or 32) || format.IsFloat)
                {
                    throw DicomThrowHelper.Unsupported(file.FilePath, string.Create(CultureInfo.InvariantCulture, $"JPEG Lossless with BitsAllocated {format.BitsAllocated} is not read (expected 8, 16 or 32)"), DicomTags.BitsAllocated);
                }

                JpegLosslessDecoder.Decode(encoded.Span, format, file.FilePath, offset, nativeFrame);
            }

            // Decoded data is pixel-interleaved, whatever PlanarConfiguration says for RLE (segments are per sample).
            DicomPixelFormat interleaved = format.PlanarConfiguration == 0 ? format : format with { PlanarConfiguration = 0 };
            DicomNativeDecoder.Decode(nativeFrame, interleaved, true, slice.RescaleSlope, slice.RescaleIntercept, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(native);
        }
    }
}
