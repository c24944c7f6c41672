using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO;
using H3deMl.Core.IO.Numpy;

namespace H3deMl.Core.Landmarks;

/// <summary>Landmark readers and writers: Slicer Markups JSON, Slicer .fcsv (v4.x and Slicer3), CSV, reference .npy.</summary>
internal static class LandmarkIO
{
    private static readonly Vector3d NaN3 = new(double.NaN, double.NaN, double.NaN);

    public static LandmarkSet Read(string path, VolumeGeometry? geometry)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{Path.GetFileName(path)}: the file does not exist.", path);
        }

        string name = path.ToLowerInvariant();
        if (name.EndsWith(".npy", StringComparison.Ordinal))
        {
            return ReadNpy(path, geometry);
        }

        string text = File.ReadAllText(path);
        string trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{'))
        {
            return ReadMarkupsJson(path, text);
        }

        if (name.EndsWith(".fcsv", StringComparison.Ordinal) || trimmed.StartsWith('#'))
        {
            return ReadFcsv(path, text);
        }

        if (name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal))
        {
            return ReadCsv(path, text);
        }

        throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: the landmark format is not recognised; use .mrk.json, .fcsv, .csv or *_label.npy.");
    }

    public static void Write(LandmarkSet set, string path, IReadOnlyList<string>? descriptions = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(path);
        if (descriptions is not null && descriptions.Count != set.Count)
        {
            throw new ArgumentException($"{descriptions.Count} descriptions were given for {set.Count} landmarks.", nameof(descriptions));
        }

        string name = path.ToLowerInvariant();
        string text;
        if (name.EndsWith(".json", StringComparison.Ordinal))
        {
            text = WriteMarkupsJson(set, descriptions);
        }
        else if (name.EndsWith(".fcsv", StringComparison.Ordinal))
        {
            text = WriteFcsv(set, descriptions);
        }
        else if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            text = WriteCsv(set, descriptions);
        }
        else
        {
            throw new ArgumentException($"{Path.GetFileName(path)}: the extension is not a writable landmark format; use .mrk.json, .fcsv or .csv.", nameof(path));
        }

        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    public static bool IsLandmarkPath(string path)
    {
        string name = path.ToLowerInvariant();
        return name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".fcsv", StringComparison.Ordinal) ||
            name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith("_label.npy", StringComparison.Ordinal);
    }

    // ---- Slicer Markups JSON ----------------------------------------------------------------------------------

    private static LandmarkSet ReadMarkupsJson(string path, string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: the JSON is malformed ({e.Message}).", line: (int?)(e.LineNumber + 1), innerException: e);
        }

        if (root?["markups"] is not JsonArray markups)
        {
            throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: the JSON has no 'markups' array; it is not a Slicer Markups file.", field: "markups");
        }

        try
        {
            return ReadMarkups(path, markups);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            // A field of the wrong JSON type (e.g. a number where a string belongs).
            throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: a Markups field has the wrong type ({e.Message}).", innerException: e);
        }
    }

    private static LandmarkSet ReadMarkups(string path, JsonArray markups)
    {
        var result = new List<Landmark>();
        foreach (JsonNode? markup in markups)
        {
            string system = markup?["coordinateSystem"]?.GetValue<string>() ?? "LPS";
            bool ras = system.ToUpperInvariant() switch
            {
                "LPS" => false,
                "RAS" => true,
                _ => throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: the coordinateSystem '{system}' is not LPS or RAS.", field: "coordinateSystem"),
            };
            if (markup?["controlPoints"] is not JsonArray points)
            {
                continue;
            }

            int index = 0;
            foreach (JsonNode? point in points)
            {
                index++;
                string label = point?["label"] is JsonValue lv ? ValueText(lv) : (point?["id"] is JsonValue iv ? ValueText(iv) : index.ToString(CultureInfo.InvariantCulture));
                string status = point?["positionStatus"]?.GetValue<string>() ?? "defined";
                Vector3d position = NaN3;
                if (point?["position"] is JsonArray p)
                {
                    if (p.Count != 3)
                    {
                        throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: control point '{label}' has {p.Count} coordinates, expected 3.", field: "position");
                    }

                    try
                    {
                        position = new Vector3d(p[0]!.GetValue<double>(), p[1]!.GetValue<double>(), p[2]!.GetValue<double>());
                    }
                    catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
                    {
                        throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: control point '{label}' has a position that is not three numbers.", field: "position", innerException: e);
                    }

                    if (ras)
                    {
                        position = new Vector3d(-position.X, -position.Y, position.Z);
                    }
                }

                bool present = status.Equals("defined", StringComparison.OrdinalIgnoreCase) && position.IsFinite;
                result.Add(new Landmark(label, position, present));
            }
        }

        return new LandmarkSet(result);
    }

    private static string ValueText(JsonValue v) => v.TryGetValue(out string? s) ? s : v.ToJsonString();

    private static string WriteMarkupsJson(LandmarkSet set, IReadOnlyList<string>? descriptions)
    {
        var points = new JsonArray();
        int id = 0;
        foreach (Landmark l in set.Landmarks)
        {
            id++;
            Vector3d p = l.PositionLps.IsFinite ? l.PositionLps : Vector3d.Zero;
            points.Add(new JsonObject
            {
                ["id"] = id.ToString(CultureInfo.InvariantCulture),
                ["label"] = l.Name,
                ["description"] = descriptions?[id - 1] ?? "",
                ["associatedNodeID"] = "",
                ["position"] = new JsonArray(p.X, p.Y, p.Z),
                ["orientation"] = new JsonArray(-1.0, -0.0, -0.0, -0.0, -1.0, -0.0, 0.0, 0.0, 1.0),
                ["selected"] = true,
                ["locked"] = false,
                ["visibility"] = true,
                ["positionStatus"] = l.IsPresent ? "defined" : "missing",
            });
        }

        var root = new JsonObject
        {
            ["@schema"] = "https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/Resources/Schema/markups-schema-v1.0.3.json#",
            ["markups"] = new JsonArray(new JsonObject
            {
                ["type"] = "Fiducial",
                ["coordinateSystem"] = "LPS",
                ["coordinateUnits"] = "mm",
                ["controlPoints"] = points,
            }),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    // ---- Slicer .fcsv -----------------------------------------------------------------------------------------

    private static LandmarkSet ReadFcsv(string path, string text)
    {
        // v4.x: "# CoordinateSystem = 0|1|RAS|LPS" (0 = RAS, 1 = LPS), "# columns = id,x,y,z,...,label,...".
        // Slicer3 fiducial lists: "# columns = label,x,y,z,sel,vis", always RAS.
        bool ras = true;
        string[] columns = ["id", "x", "y", "z", "ow", "ox", "oy", "oz", "vis", "sel", "lock", "label", "desc", "associatedNodeID"];
        bool sawColumns = false;
        var result = new List<Landmark>();
        string[] lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                string body = line[1..].Trim();
                int eq = body.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                string key = body[..eq].Trim();
                string value = body[(eq + 1)..].Trim();
                if (key.Equals("CoordinateSystem", StringComparison.OrdinalIgnoreCase))
                {
                    ras = value.ToUpperInvariant() switch
                    {
                        "0" or "RAS" => true,
                        "1" or "LPS" => false,
                        _ => throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: line {n + 1}: the CoordinateSystem '{value}' is not 0/RAS or 1/LPS.", line: n + 1, field: "CoordinateSystem"),
                    };
                }
                else if (key.Equals("columns", StringComparison.OrdinalIgnoreCase))
                {
                    columns = [.. value.Split(',').Select(c => c.Trim())];
                    sawColumns = true;
                }

                continue;
            }

            string[] fields = SplitCsvLine(line);
            int xi = Array.IndexOf(columns, "x"), yi = Array.IndexOf(columns, "y"), zi = Array.IndexOf(columns, "z");
            int li = Array.IndexOf(columns, "label");
            if (li < 0)
            {
                li = Array.IndexOf(columns, "id");
            }

            if (xi < 0 || yi < 0 || zi < 0 || li < 0)
            {
                throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: the columns line lacks label, x, y or z.", field: "columns");
            }

            int need = new[] { xi, yi, zi, li }.Max();
            if (fields.Length <= need)
            {
                throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: line {n + 1} has {fields.Length} fields but the columns need {need + 1}.", line: n + 1);
            }

            Vector3d p = new(ParseCoordinate(path, fields[xi], n + 1, "x"), ParseCoordinate(path, fields[yi], n + 1, "y"), ParseCoordinate(path, fields[zi], n + 1, "z"));
            if (ras)
            {
                p = new Vector3d(-p.X, -p.Y, p.Z);
            }

            result.Add(new Landmark(fields[li], p, p.IsFinite));
        }

        _ = sawColumns;
        return new LandmarkSet(result);
    }

    private static string WriteFcsv(LandmarkSet set, IReadOnlyList<string>? descriptions)
    {
        var sb = new StringBuilder();
        sb.Append("# Markups fiducial file version = 4.11\n");
        sb.Append("# CoordinateSystem = LPS\n");
        sb.Append("# columns = id,x,y,z,ow,ox,oy,oz,vis,sel,lock,label,desc,associatedNodeID\n");
        int id = 0;
        foreach (Landmark l in set.Landmarks)
        {
            id++;
            Vector3d p = l.PositionLps;
            string coords = l.IsPresent ? $"{R(p.X)},{R(p.Y)},{R(p.Z)}" : "nan,nan,nan";
            sb.Append(id).Append(',').Append(coords).Append(",0,0,0,1,1,1,0,").Append(CsvField(l.Name)).Append(',').Append(CsvField(descriptions?[id - 1] ?? "")).Append(",\n");
        }

        return sb.ToString();
    }

    // ---- CSV ----------------------------------------------------------------------------------------------------

    private static LandmarkSet ReadCsv(string path, string text)
    {
        string[] lines = text.Split('\n');
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0)
        {
            throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: the file is empty.");
        }

        string[] header = [.. SplitCsvLine(lines[first].TrimEnd('\r')).Select(h => h.Trim().ToLowerInvariant())];
        int xi = Array.IndexOf(header, "x"), yi = Array.IndexOf(header, "y"), zi = Array.IndexOf(header, "z");
        int li = Array.FindIndex(header, h => h is "name" or "label" or "id");
        if (xi < 0 || yi < 0 || zi < 0)
        {
            throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: line {first + 1}: the header must name the columns x, y and z (and optionally name), found '{lines[first].Trim()}'.", line: first + 1, field: "header");
        }

        var result = new List<Landmark>();
        for (int n = first + 1; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string[] f = SplitCsvLine(line);
            if (f.Length < header.Length)
            {
                throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: line {n + 1} has {f.Length} fields, the header has {header.Length}.", line: n + 1);
            }

            var p = new Vector3d(ParseCoordinate(path, f[xi], n + 1, "x"), ParseCoordinate(path, f[yi], n + 1, "y"), ParseCoordinate(path, f[zi], n + 1, "z"));
            string name = li >= 0 ? f[li] : (result.Count + 1).ToString(CultureInfo.InvariantCulture);
            result.Add(new Landmark(name, p, p.IsFinite));
        }

        return new LandmarkSet(result);
    }

    private static string WriteCsv(LandmarkSet set, IReadOnlyList<string>? descriptions)
    {
        var sb = new StringBuilder(descriptions is null ? "name,x,y,z\n" : "name,x,y,z,description\n");
        for (int n = 0; n < set.Count; n++)
        {
            Landmark l = set[n];
            Vector3d p = l.PositionLps;
            sb.Append(CsvField(l.Name)).Append(',');
            sb.Append(l.IsPresent ? $"{R(p.X)},{R(p.Y)},{R(p.Z)}" : ",,");
            if (descriptions is not null)
            {
                sb.Append(',').Append(CsvField(descriptions[n]));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    // ---- reference dataset .npy -----------------------------------------------------------------------------------

    private static LandmarkSet ReadNpy(string path, VolumeGeometry? geometry)
    {
        double[] values;
        long[] shape;
        try
        {
            (values, shape) = NpyArray.ReadDoubles(path);
        }
        catch (VolumeFormatException e)
        {
            throw new LandmarkFormatException(path, e.Message, innerException: e);
        }

        if (shape.Length != 2 || shape[1] != 3)
        {
            throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: a landmark array must have shape (N, 3), found ({string.Join(", ", shape)}).", field: "shape");
        }

        if (geometry is null)
        {
            string? spacingPath = NumpyVolumeIO.FindSpacing(path);
            if (spacingPath is null)
            {
                throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: voxel-index landmarks need the volume's geometry or a sibling *_spacing.npy file; neither was given.");
            }

            (double[] spacing, _) = NpyArray.ReadDoubles(spacingPath);
            if (spacing.Length != 3 || spacing.Any(s => !double.IsFinite(s) || s <= 0))
            {
                throw new LandmarkFormatException(spacingPath, $"{Path.GetFileName(spacingPath)}: the spacing must be three positive numbers.");
            }

            int Max(int axis) => (int)Math.Max(1, Math.Ceiling(Enumerable.Range(0, (int)shape[0]).Max(r => values[(r * 3) + axis]) + 1));
            geometry = VolumeGeometry.AxisAligned(new VolumeSize(Max(0), Max(1), Max(2)), new Vector3d(spacing[0], spacing[1], spacing[2]));
        }

        int n = (int)shape[0];
        var names = new string[n];
        var indices = new Vector3d[n];
        var present = new bool[n];
        for (int r = 0; r < n; r++)
        {
            names[r] = r.ToString(CultureInfo.InvariantCulture);
            var v = new Vector3d(values[r * 3], values[(r * 3) + 1], values[(r * 3) + 2]);
            present[r] = (v.X + v.Y + v.Z) / 3 >= -100 && v.IsFinite;
            indices[r] = v;
        }

        return LandmarkSet.FromIndices(names, indices, present, geometry);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static double ParseCoordinate(string path, string text, int line, string field)
    {
        text = text.Trim().Trim('"');
        if (text.Length == 0 || text.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            throw new LandmarkFormatException(path, $"{Path.GetFileName(path)}: line {line}: the {field} coordinate '{text}' is not a number.", line: line, field: field);
        }

        return v;
    }

    private static string[] SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int n = 0; n < line.Length; n++)
        {
            char c = line[n];
            if (quoted)
            {
                if (c == '"' && n + 1 < line.Length && line[n + 1] == '"')
                {
                    sb.Append('"');
                    n++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return [.. fields];
    }

    private static string CsvField(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
