using System.CommandLine;

namespace Xv6Sharp;

/// <summary>
/// Finds a word on the command line that looks like an option the chosen
/// command does not take. The parser alone would not say so: `run --bogus --
/// ls` hands "--bogus" to the guest's shell as part of the command line, and
/// `fsck --lockdep IMAGE` complains about the image instead. A flag with a
/// value that is not true or false (`--lockdep=maybe`) counts as such a word.
/// </summary>
public static class StrayOptions
{
    /// <returns>The first such word, or null. Words after `--` are the guest's; so are the
    /// words of a command line given without `--`, from its first word on.</returns>
    public static string? Find(IReadOnlyList<string> args, Command command)
    {
        var options = new Dictionary<string, Option>(StringComparer.Ordinal);
        foreach (var o in command.Options.Concat(Ancestors(command).SelectMany(c => c.Options.Where(o => o.Recursive))))
            foreach (var name in o.Aliases.Append(o.Name))
                options.TryAdd(name, o);
        // run and explore end with the guest's command line: its first word starts it.
        bool takesCommandLine = command.Arguments.Any(a => a.Arity.MaximumNumberOfValues > 1);
        bool inCommand = command is RootCommand;
        for (int i = 0; i < args.Count; i++)
        {
            string word = args[i];
            if (word == "--") return null;
            if (!inCommand)
            {
                // Words before the subcommand's name are the parser's concern.
                inCommand = word == command.Name;
                continue;
            }
            if (word.Length < 2 || word[0] != '-')
            {
                if (takesCommandLine) return null;
                continue;
            }
            if (!options.TryGetValue(word.Split('=')[0], out var option)) return word;
            // A flag given a value that is not one (--lockdep=maybe): the parser would hand "maybe" to the guest's shell.
            if (option.ValueType == typeof(bool) && word.Contains('=') && !bool.TryParse(word[(word.IndexOf('=') + 1)..], out _)) return word;
            // An option's value is the next word (a bool flag and `--monitor` with nothing after it take none).
            bool takesValue = !word.Contains('=') && option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;
            if (takesValue && i + 1 < args.Count && !(option.Arity.MinimumNumberOfValues == 0 && args[i + 1].StartsWith('-')))
                i++;
        }
        return null;
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var c = command.Parents.OfType<Command>().FirstOrDefault(); c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            yield return c;
    }
}
