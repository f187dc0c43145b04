#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs for the fuzz targets (fuzz/README.md):
#
# - the posts of this repository (content/posts/**) and of the real corpora
#   (CORPUS/*/, default ../shared/corpus beside the repository): whole files for
#   front_matter, bodies for markdown, front matter values and link targets for url
#   and escape, YAML config files for config;
# - string literals of the test suite (tests/**/*.rs): posts, configs, paths, URLs.
#
# The seeds are written under fuzz/corpus/, which git ignores: the real corpora are read
# where they are and never copied into the repository. Running it again adds what is
# new (files are named by the SHA-1 of their content).
#
# Usage: fuzz/seed.sh [CORPUS]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
out=$root/fuzz/corpus
mkdir -p "$out"/{front_matter,markdown,url,config,escape}

dirs=("$root/content/posts")
if [ -d "$corpus" ]; then
    for d in "$corpus"/*/; do
        dirs+=("$d")
    done
else
    echo "seed.sh: no corpus folder $corpus; seeding from this repository only" >&2
fi

# Post files, NUL-separated, for the Perl below. Section files (`_index.md`) are posts
# of no generator Bulletin reads, but good YAML and TOML all the same.
posts=$(mktemp)
configs=$(mktemp)
tests=$(mktemp)
trap 'rm -f "$posts" "$configs" "$tests"' EXIT
find "${dirs[@]}" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.mdx' \) -print0 \
    | sort -z >"$posts"
{
    printf '%s\0' "$root/bulletin.yaml"
    if [ -d "$corpus" ]; then
        find "$corpus" -maxdepth 2 -type f \( -name '*.yml' -o -name '*.yaml' \) -print0
    fi
} >"$configs"
find "$root/tests" -type f -name '*.rs' -print0 | sort -z >"$tests"

OUT=$out POSTS=$posts CONFIGS=$configs TESTS=$tests perl -CSD -Mutf8 -MDigest::SHA=sha1_hex -e '
use strict;
use warnings;
use Encode qw(encode_utf8);
use File::Basename qw(basename dirname);

my $out = $ENV{OUT};
my %count;

# Writes one seed, named by the SHA-1 of its bytes (as libFuzzer names its own).
sub put {
    my ($target, $text) = @_;
    return if !defined $text || $text eq "";
    my $bytes = encode_utf8($text);
    my $file = "$out/$target/" . sha1_hex($bytes);
    return if -e $file;
    open(my $fh, ">:raw", $file) or die "$file: $!";
    print $fh $bytes;
    close $fh;
    $count{$target}++;
}

sub slurp {
    my ($path) = @_;
    open(my $fh, "<:raw", $path) or die "$path: $!";
    local $/;
    my $bytes = <$fh>;
    close $fh;
    return eval { Encode::decode("UTF-8", $bytes, Encode::FB_CROAK) };
}

sub list {
    my ($name) = @_;
    open(my $fh, "<:raw", $name) or die "$name: $!";
    local $/ = "\0";
    my @items = map { chomp; $_ } <$fh>;
    close $fh;
    return @items;
}

# A value as written in YAML, without its quotes.
sub unquote {
    my ($v) = @_;
    $v =~ s/^\s+|\s+$//g;
    $v =~ s/^"(.*)"$/$1/ or $v =~ s/^\x27(.*)\x27$/$1/;
    return $v;
}

# A front matter value: a URL, a slug, a tag, a title.
sub seed_value {
    my ($v) = @_;
    return if length($v) > 2000;
    put("url", $v);
    put("escape", $v);
}

# A link target of a body.
sub seed_link {
    my ($v) = @_;
    put("url", $v) if length($v) <= 2000;
}

for my $path (list($ENV{POSTS})) {
    my $text = slurp($path) // next;
    # The file name as front_matter reads it: bundles keep their folder.
    my $base = basename($path);
    my $name = $base =~ /^index\./ ? basename(dirname($path)) . "/$base" : $base;
    put("front_matter", "$name\n$text");
    my ($front, $body) = ("", $text);
    if ($text =~ /\A\x{feff}?\s*(---|\+\+\+)[ \t]*\r?\n(.*?)^\1[ \t]*(?:\r?\n|\z)(.*)\z/ms) {
        ($front, $body) = ($2, $3);
    }
    put("markdown", $body);
    for my $line (split /\n/, $front) {
        if ($line =~ /^\s*(?:-\s+|[\w.-]+\s*[:=]\s*)(.+)$/) {
            seed_value(unquote($1));
        }
    }
    while ($body =~ /\]\(\s*<?([^)\s>]+)/g) {
        seed_link($1);
    }
    while ($body =~ /\b(?:href|src)=["\x27]([^"\x27]+)/g) {
        seed_link($1);
    }
}

for my $path (list($ENV{CONFIGS})) {
    put("config", slurp($path));
}

# String literals of the tests: "…" with escapes, and r#"…"# raw strings.
my %escapes = (n => "\n", t => "\t", r => "\r", "0" => "\0", "\\" => "\\", "\"" => "\"", "\x27" => "\x27");
for my $path (list($ENV{TESTS})) {
    my $src = slurp($path) // next;
    my @strings;
    while ($src =~ /r(#*)"(.*?)"\1|(?<![\w\x27])"((?:[^"\\]|\\.)*)"/gs) {
        if (defined $2) {
            push @strings, $2;
            next;
        }
        my $s = $3;
        $s =~ s/\\\n\s*//g;
        $s =~ s/\\u\{([0-9a-fA-F]+)\}/chr(hex $1)/ge;
        $s =~ s/\\x([0-9a-fA-F]{2})/chr(hex $1)/ge;
        $s =~ s/\\(.)/$escapes{$1} \/\/ $1/ge;
        push @strings, $s;
    }
    for my $s (@strings) {
        put("escape", $s);
        if ($s =~ /\A---\r?\n/) {
            put("front_matter", "post.md\n$s");
            put("front_matter", "2024-01-31-post.mdx\n$s");
            put("markdown", $s =~ s/\A---\r?\n.*?^---[ \t]*\r?\n//msr);
        } elsif ($s =~ /^(?:title|base_url|permalink|badges|posts_per_page|check|extra|social_cards):/m) {
            put("config", $s);
        } elsif ($s =~ m{\A(?:/|https?://)}) {
            put("url", $s);
        } elsif ($s =~ /\n/ && $s =~ /[#*\[`]/) {
            put("markdown", $s);
        }
    }
}

for my $t (sort keys %count) {
    printf "%-13s %5d new seeds\n", $t, $count{$t};
}
'
for t in front_matter markdown url config escape; do
    printf '%-13s %5d seeds in fuzz/corpus/%s\n' "$t" "$(find "$out/$t" -type f | wc -l)" "$t"
done
