#!/usr/bin/perl
# exports.pl HEADER - the functions and objects HEADER declares, one per
# line, sorted: exactly what libgradcheck.so exports (the link takes this
# list, tests/exports.sh compares it with nm -D), except
# gc_plugin_activations, which the header declares for plugins to define.
use strict;
use warnings;

local $/;
my $h = <>;
$h =~ s{/\*.*?\*/}{ }gs;            # comments
$h =~ s{//[^\n]*}{}g;
$h =~ s{^[ \t]*#[^\n]*(?:\\\n[^\n]*)*}{}gm;   # preprocessor lines
$h =~ s/extern\s+"C"\s*\{//g;
# Brace blocks (struct and enum bodies, inline function bodies) end a
# statement: replace them innermost first by a ';'.
1 while $h =~ s/\{[^{}]*\}/;/s;
my %names;
for my $stmt (split /;/, $h) {
    next if $stmt =~ /\b(?:typedef|static)\b/;
    if ($stmt =~ /\b(gc_[a-z0-9_]+)\s*\((?!\s*\*)/) {
        $names{$1} = 1;                        # a function
    } elsif ($stmt =~ /\bextern\b.*\b(gc_[a-z0-9_]+)\s*(?:\[[^\]]*\])?\s*$/s) {
        $names{$1} = 1;                        # an object
    }
}
delete $names{gc_plugin_activations};
print "$_\n" for sort keys %names;
