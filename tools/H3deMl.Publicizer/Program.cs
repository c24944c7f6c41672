// Writes a reference-only copy of an assembly in which the allow-listed internal types and members are public.
// The copy is compiled against, never shipped: the real signed ML.NET assembly is what runs, and the consuming assembly
// declares [assembly: IgnoresAccessChecksTo(...)] so the runtime accepts the calls (build/MlNetInternals.targets).
// Usage: H3deMl.Publicizer <input.dll> <output.dll> <allowlist.txt>
// Allow-list lines: "[Assembly] T:Namespace.Type" (the type, and its declaring types) or
// "[Assembly] M:Namespace.Type.Member" (every method, constructor (".ctor"), property accessor or field of that name).
// An entry that matches nothing fails the build (error H3DEPUB01): an ML.NET upgrade that moves an internal we use is
// caught at build time, by name.
using H3deMl.Publicizer;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: H3deMl.Publicizer <input.dll> <output.dll> <allowlist.txt>");
    return 2;
}

return AssemblyPublicizer.Run(args[0], args[1], args[2]);
