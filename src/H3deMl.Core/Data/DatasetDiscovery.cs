using H3deMl.Core.Geometry;
using H3deMl.Core.IO.Numpy;
using H3deMl.Core.Landmarks;

namespace H3deMl.Core.Data;

/// <summary>Finds the cases of a dataset on disk: the reference layout, image + landmark pairs by stem, or a manifest CSV.</summary>
internal static class DatasetDiscovery
{
    private static readonly string[] ImageExtensions = [".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd"];
    private static readonly string[] LandmarkExtensions = [".mrk.json", ".fcsv", ".json", ".csv"];
    private static readonly string[] SplitNames = ["train", "val", "validation", "test"];
    private static readonly string[] ManifestNames = ["manifest.csv", "dataset.csv"];

    public static List<ScanRow> Discover(string path)
    {
        if (File.Exists(path) && path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ReadManifest(path);
        }

        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"{path}: the dataset directory does not exist.");
        }

        string? manifest = ManifestNames.Select(n => Path.Combine(path, n)).FirstOrDefault(File.Exists);
        if (manifest is not null)
        {
            return ReadManifest(manifest);
        }

        var splitDirs = Directory.GetDirectories(path)
            .Where(d => SplitNames.Contains(Path.GetFileName(d), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var rows = new List<ScanRow>();
        if (splitDirs.Count > 0)
        {
            foreach (string dir in splitDirs)
            {
                string split = Path.GetFileName(dir).ToLowerInvariant();
                rows.AddRange(DiscoverFolder(dir, split == "validation" ? "val" : split));
            }
        }

        rows.AddRange(DiscoverFolder(path, null));
        if (rows.Count == 0)
        {
            throw new DatasetException(
                $"{path}: no cases found. Expected X_volume.nrrd + X_label.npy (+ X_spacing.npy), image + landmark files with the same stem (X.nii.gz + X.mrk.json, possibly in volumes/ and landmarks/ folders), or a manifest.csv with columns image,landmarks[,split].",
                filePath: path);
        }

        return [.. rows.OrderBy(r => r.Split ?? string.Empty, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    private static List<ScanRow> DiscoverFolder(string dir, string? split)
    {
        var rows = new List<ScanRow>();
        foreach (string volumePath in Directory.GetFiles(dir, "*_volume.nrrd").Order(StringComparer.Ordinal))
        {
            string stem = Path.GetFileName(volumePath)[..^"_volume.nrrd".Length];
            string label = Path.Combine(dir, stem + "_label.npy");
            string spacing = Path.Combine(dir, stem + "_spacing.npy");
            rows.Add(new ScanRow
            {
                Id = stem,
                Split = split,
                Source = new ScanSource
                {
                    Kind = ScanSourceKind.ReferenceLayout,
                    ImagePath = volumePath,
                    LandmarksPath = File.Exists(label) ? label : null,
                    SpacingPath = File.Exists(spacing) ? spacing : null,
                },
            });
        }

        if (rows.Count > 0)
        {
            return rows;
        }

        string imageDir = Directory.Exists(Path.Combine(dir, "volumes")) ? Path.Combine(dir, "volumes")
            : Directory.Exists(Path.Combine(dir, "images")) ? Path.Combine(dir, "images") : dir;
        string landmarkDir = Directory.Exists(Path.Combine(dir, "landmarks")) ? Path.Combine(dir, "landmarks") : imageDir;
        var landmarks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(landmarkDir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (ManifestNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            string? ext = LandmarkExtensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
            if (ext is not null)
            {
                landmarks.TryAdd(name[..^ext.Length], file);
            }
        }

        foreach (string file in Directory.GetFiles(imageDir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            string? ext = ImageExtensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
            if (ext is null || name.EndsWith(".seg.nrrd", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string stem = name[..^ext.Length];
            rows.Add(new ScanRow
            {
                Id = stem,
                Split = split,
                Source = new ScanSource
                {
                    Kind = ScanSourceKind.ImageAndLandmarks,
                    ImagePath = file,
                    LandmarksPath = landmarks.GetValueOrDefault(stem),
                },
            });
        }

        return rows;
    }

    private static List<ScanRow> ReadManifest(string csvPath)
    {
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        string[] lines = File.ReadAllLines(csvPath);
        if (lines.Length == 0)
        {
            throw new DatasetException($"{csvPath}: the manifest is empty; expected a header line 'image,landmarks[,split][,id]'.", filePath: csvPath);
        }

        string[] header = [.. lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant())];
        int imageColumn = Array.IndexOf(header, "image");
        int landmarksColumn = Array.IndexOf(header, "landmarks");
        int splitColumn = Array.IndexOf(header, "split");
        int idColumn = Array.IndexOf(header, "id");
        if (imageColumn < 0)
        {
            throw new DatasetException($"{csvPath}: line 1: the header '{lines[0]}' has no 'image' column; expected 'image,landmarks[,split][,id]'.", filePath: csvPath);
        }

        var rows = new List<ScanRow>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }

            string[] fields = [.. lines[n].Split(',').Select(f => f.Trim().Trim('"'))];
            if (fields.Length < header.Length)
            {
                throw new DatasetException($"{csvPath}: line {n + 1}: expected {header.Length} fields ({lines[0]}) but found {fields.Length}.", filePath: csvPath);
            }

            string image = Path.GetFullPath(Path.Combine(baseDir, fields[imageColumn]));
            string? landmarks = landmarksColumn >= 0 && fields[landmarksColumn].Length > 0 ? Path.GetFullPath(Path.Combine(baseDir, fields[landmarksColumn])) : null;
            string id = idColumn >= 0 && fields[idColumn].Length > 0 ? fields[idColumn] : StemOf(image);
            if (!File.Exists(image) && !Directory.Exists(image))
            {
                throw new DatasetException($"{csvPath}: line {n + 1}: case '{id}': the image '{image}' does not exist.", id, csvPath);
            }

            if (landmarks is not null && !File.Exists(landmarks))
            {
                throw new DatasetException($"{csvPath}: line {n + 1}: case '{id}': the landmark file '{landmarks}' does not exist.", id, csvPath);
            }

            bool reference = landmarks?.EndsWith("_label.npy", StringComparison.Ordinal) == true;
            string? spacing = reference ? landmarks![..^"_label.npy".Length] + "_spacing.npy" : null;
            rows.Add(new ScanRow
            {
                Id = id,
                Split = splitColumn >= 0 && fields[splitColumn].Length > 0 ? fields[splitColumn].ToLowerInvariant() : null,
                Source = new ScanSource
                {
                    Kind = reference ? ScanSourceKind.ReferenceLayout : ScanSourceKind.ImageAndLandmarks,
                    ImagePath = image,
                    LandmarksPath = landmarks,
                    SpacingPath = spacing is not null && File.Exists(spacing) ? spacing : null,
                },
            });
        }

        return rows;
    }

    /// <summary>Reads each case's landmark names (not positions) so that the dataset can be checked before any volume is read.</summary>
    public static IEnumerable<(string CaseId, string? Path, IReadOnlyList<string>? Names)> ReadNames(IEnumerable<ScanRow> rows)
    {
        foreach (ScanRow row in rows)
        {
            string? path = row.Source.LandmarksPath;
            if (path is null)
            {
                yield return (row.Id, null, null);
                continue;
            }

            if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            {
                (_, long[] shape) = NpyArray.ReadDoubles(path);
                if (shape.Length != 2 || shape[1] != 3)
                {
                    throw new DatasetException($"{path}: case '{row.Id}': a label array must have shape (N, 3), found ({string.Join(", ", shape)}).", row.Id, path);
                }

                yield return (row.Id, path, ReferenceLandmarkNames.For((int)shape[0]));
                continue;
            }

            LandmarkSet set = LandmarkSet.Read(path, VolumeGeometry.AxisAligned(new VolumeSize(1, 1, 1)));
            yield return (row.Id, path, set.Names);
        }
    }

    private static string StemOf(string path)
    {
        string name = Path.GetFileName(path);
        string? ext = ImageExtensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        return ext is null ? Path.GetFileNameWithoutExtension(name) : name[..^ext.Length];
    }
}
