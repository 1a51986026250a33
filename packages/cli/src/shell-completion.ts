/**
 * `polyprompt completion bash|zsh|fish`: a completion script for the shell, generated from the
 * command and flag tables, so it never lists a command the CLI does not have.
 */

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** Each command with its flags (`--name`), as the CLI's option tables define them. */
export type CommandFlags = Readonly<Record<string, readonly string[]>>;

/**
 * The script for `shell`: commands first, then the flags of the command being typed.
 *
 * @example
 * completionScript("bash", { ls: ["--json"], get: ["--json", "--raw"] }, ["--help"]);
 */
export function completionScript(shell: Shell, commands: CommandFlags, globalFlags: readonly string[]): string {
  const names = Object.keys(commands);
  switch (shell) {
    case "bash": {
      const cases = names.map((name) => `    ${name}) flags="${[...commands[name]!, ...globalFlags].join(" ")}" ;;`).join("\n");
      return `# polyprompt completion for bash: source it, or save it as ~/.local/share/bash-completion/completions/polyprompt
_polyprompt() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${names.join(" ")} help ${globalFlags.join(" ")}" -- "$cur") )
    return
  fi
  local flags=""
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$flags" -- "$cur") )
}
complete -o default -F _polyprompt polyprompt
`;
    }
    case "zsh": {
      const cases = names.map((name) => `    ${name}) flags=(${[...commands[name]!, ...globalFlags].join(" ")}) ;;`).join("\n");
      return `#compdef polyprompt
# polyprompt completion for zsh: save it as _polyprompt in a folder on $fpath
_polyprompt() {
  local -a commands flags
  commands=(${names.join(" ")} help)
  if (( CURRENT == 2 )); then
    compadd -a commands
    return
  fi
  case "$words[2]" in
${cases}
  esac
  compadd -a flags
  _files
}
compdef _polyprompt polyprompt
`;
    }
    case "fish": {
      const lines = names.flatMap((name) => [
        `complete -c polyprompt -n '__fish_use_subcommand' -a ${name}`,
        ...commands[name]!.map((flag) => `complete -c polyprompt -n '__fish_seen_subcommand_from ${name}' -l ${flag.slice(2)}`),
      ]);
      return `# polyprompt completion for fish: save it as ~/.config/fish/completions/polyprompt.fish
complete -c polyprompt -f
${lines.join("\n")}
${globalFlags.map((flag) => `complete -c polyprompt -l ${flag.slice(2)}`).join("\n")}
`;
    }
  }
}
