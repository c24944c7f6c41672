// The h3de tool: thin commands over the H3deMl library.
return H3deMl.Cli.CliApp.Run(args, Console.Out, Console.Error);
