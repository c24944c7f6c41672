using Mono.Cecil;

namespace H3deMl.Publicizer;

/// <summary>Makes allow-listed internals of one assembly public in a copy of it.</summary>
internal static class AssemblyPublicizer
{
    public static int Run(string input, string output, string allowListPath)
    {
        string assemblyName = Path.GetFileNameWithoutExtension(input);
        List<string> entries = AllowList.EntriesFor(allowListPath, assemblyName);
        string stamp = $"v1|{Path.GetFullPath(input)}|{new FileInfo(input).Length}|{File.GetLastWriteTimeUtc(input).Ticks}|{string.Join(";", entries)}";
        string stampPath = output + ".stamp";
        if (File.Exists(output) && File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp)
        {
            return 0;
        }

        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(input))!);
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver });
        Dictionary<string, TypeDefinition> types = assembly.Modules.SelectMany(m => m.GetTypes()).ToDictionary(t => t.FullName, StringComparer.Ordinal);
        List<string> missing = [.. entries.Where(e => !Apply(e, types))];
        if (missing.Count > 0)
        {
            foreach (string entry in missing)
            {
                Console.Error.WriteLine($"{allowListPath}: error H3DEPUB01: '{entry}' not found in {assemblyName} {assembly.Name.Version}: an ML.NET internal H3deMl compiles against has changed; see README, 'ML.NET internals'.");
            }

            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        assembly.Write(output);
        File.WriteAllText(stampPath, stamp);
        Console.WriteLine($"H3deMl.Publicizer: {Path.GetFileName(input)}: {entries.Count} allow-listed internals made visible for compilation.");
        return 0;
    }

    private static bool Apply(string entry, Dictionary<string, TypeDefinition> types)
    {
        string kind = entry[..2];
        string name = entry[2..].Replace('+', '/');
        if (kind == "T:")
        {
            if (!types.TryGetValue(name, out TypeDefinition? type))
            {
                return false;
            }

            MakePublic(type);
            return true;
        }

        int end = name.EndsWith(".ctor", StringComparison.Ordinal) ? name.Length - 6 : name.Length - 1;
        int dot = name.LastIndexOf('.', end);
        if (kind != "M:" || dot < 0 || !types.TryGetValue(name[..dot], out TypeDefinition? owner))
        {
            return false;
        }

        string member = name[(dot + 1)..];
        MakePublic(owner);
        int hits = 0;
        foreach (MethodDefinition method in owner.Methods.Where(m => m.Name == member || m.Name == "get_" + member || m.Name == "set_" + member))
        {
            method.IsPublic = true;
            hits++;
        }

        foreach (FieldDefinition field in owner.Fields.Where(f => f.Name == member))
        {
            field.IsPublic = true;
            hits++;
        }

        return hits > 0;
    }

    private static void MakePublic(TypeDefinition type)
    {
        for (TypeDefinition? t = type; t is not null; t = t.DeclaringType)
        {
            if (t.IsNested)
            {
                t.IsNestedPublic = true;
            }
            else
            {
                t.IsPublic = true;
            }
        }
    }
}
