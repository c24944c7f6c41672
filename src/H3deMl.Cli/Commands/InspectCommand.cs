using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;

namespace H3deMl.Cli.Commands;

/// <summary><c>h3de inspect PATH... [--json]</c>: prints each scan's format, geometry, data type and intensity range
/// (or a landmark file's points); a path that cannot be read gets one error line and exit code 1, the others are still shown.</summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string[]>("path") { Description = "Volume files (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd, .npy, .dcm), DICOM folders, or landmark files (.mrk.json, .fcsv, .csv).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text: one object for one path, an array of objects for several." };
        var command = new Command(
            "inspect",
            "Show each scan's format, size, spacing, origin (LPS mm), direction, data type and intensity range, or a landmark file's points.\n\n" +
            "Examples:\n" +
            "  h3de inspect case01.nii.gz\n" +
            "  h3de inspect data/phantoms/*.nii.gz\n" +
            "  h3de inspect ./CTHeadAxialDicom --json\n" +
            "  h3de inspect skull.mrk.json")
        {
            path,
            json,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(parse.GetValue(path) ?? [], parse.GetValue(json), output, error)));
        return command;
    }

    internal static int Run(IReadOnlyList<string> paths, bool asJson, TextWriter output, TextWriter error)
    {
        int code = ExitCodes.Success;
        bool array = asJson && paths.Count > 1;
        var shown = new List<string>();
        foreach (string path in paths)
        {
            var text = new StringWriter();
            try
            {
                Inspect(path, asJson, text);
                shown.Add(text.ToString().TrimEnd());
            }
            catch (Exception e) when (CommandErrors.Describe(e) is { } message)
            {
                error.WriteLine($"h3de: {message}");
                code = ExitCodes.BadInput;
            }
        }

        if (array)
        {
            output.WriteLine("[" + string.Join(",", shown.Select(o => "\n" + o)) + "\n]");
        }
        else
        {
            shown.ForEach(output.WriteLine);
        }

        return code;
    }

    private static int Inspect(string path, bool asJson, TextWriter output)
    {
        if (File.Exists(path) && ConvertCommand.IsLandmarkPath(path))
        {
            return InspectLandmarks(path, asJson, output);
        }

        Volume v = Volume.Read(path);
        VolumeGeometry g = v.Geometry;
        (double min, double max, double mean) = Stats(v.Voxels);
        string format = v.Metadata.TryGetValue(VolumeMetadataKeys.Format, out string? f) ? f : "unknown";
        if (asJson)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("format", format);
                WriteArray(w, "size", [g.Size.I, g.Size.J, g.Size.K]);
                WriteArray(w, "spacing", g.SpacingMm.ToArray());
                WriteArray(w, "origin", g.OriginLps.ToArray());
                WriteArray(w, "direction", g.Direction.ToRowMajorArray());
                w.WriteString("dataType", v.OriginalElementType.ToShortName());
                if (v.Components > 1)
                {
                    w.WriteNumber("components", v.Components);
                }

                w.WriteNumber("min", min);
                w.WriteNumber("max", max);
                w.WriteNumber("mean", mean);
                if (v.Metadata.TryGetValue(VolumeMetadataKeys.TransferSyntaxUid, out string? ts))
                {
                    w.WriteString("transferSyntax", ts);
                }

                if (v.Metadata.TryGetValue(VolumeMetadataKeys.SliceCount, out string? sc) && int.TryParse(sc, NumberStyles.Integer, CultureInfo.InvariantCulture, out int slices))
                {
                    w.WriteNumber("sliceCount", slices);
                }

                w.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return ExitCodes.Success;
        }

        output.WriteLine($"{Path.GetFileName(Path.TrimEndingDirectorySeparator(path))}");
        output.WriteLine($"  format     {format}");
        output.WriteLine($"  size       {g.Size}" + (v.Components > 1 ? $" × {v.Components} components" : ""));
        output.WriteLine($"  spacing    {Join(g.SpacingMm.ToArray())} mm");
        output.WriteLine($"  origin     {Join(g.OriginLps.ToArray())} (LPS mm)");
        output.WriteLine($"  direction  {Join(g.Direction.ToRowMajorArray())} (row by row)");
        output.WriteLine($"  data type  {v.OriginalElementType.ToShortName()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  intensity  min {min:G6}, max {max:G6}, mean {mean:G6}"));
        if (v.Metadata.TryGetValue(VolumeMetadataKeys.TransferSyntaxUid, out string? tsText))
        {
            output.WriteLine($"  transfer   {tsText}");
        }

        if (v.Metadata.TryGetValue(VolumeMetadataKeys.SliceCount, out string? scText))
        {
            output.WriteLine($"  slices     {scText}");
        }

        return ExitCodes.Success;
    }

    private static int InspectLandmarks(string path, bool asJson, TextWriter output)
    {
        LandmarkSet set = LandmarkSet.Read(path);
        int present = set.Landmarks.Count(l => l.IsPresent);
        if (asJson)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("format", "landmarks");
                w.WriteNumber("count", set.Count);
                w.WriteNumber("present", present);
                w.WriteStartArray("names");
                foreach (string n in set.Names)
                {
                    w.WriteStringValue(n);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        else
        {
            output.WriteLine(Path.GetFileName(path));
            output.WriteLine($"  landmarks  {set.Count} ({present} present, {set.Count - present} missing)");
            foreach (Landmark l in set.Landmarks)
            {
                output.WriteLine(l.IsPresent ? $"  {l.Name,-12} {Join(l.PositionLps.ToArray())} (LPS mm)" : $"  {l.Name,-12} missing");
            }
        }

        return ExitCodes.Success;
    }

    private static (double Min, double Max, double Mean) Stats(float[] values)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        foreach (float x in values)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
            sum += x;
        }

        return (min, max, sum / values.Length);
    }

    private static void WriteArray(Utf8JsonWriter w, string name, double[] values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static string Join(double[] values) => string.Join(" ", values.Select(v => v.ToString("G10", CultureInfo.InvariantCulture)));
}
