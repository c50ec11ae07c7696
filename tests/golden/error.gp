set terminal svg size 1100,640 noenhanced font 'sans,12' background rgb 'white'
set encoding utf8
set output 'out.svg'
set grid xtics ytics lc rgb '#dddddd' lt 1
set border lc rgb '#444444'
set key outside right top vertical Left reverse box lc rgb '#bbbbbb' samplen 2 spacing 1.1
set title 'leaky_sq: error of the declared gradient df against the reference derivative'
set xlabel 'x (symmetric log scale: sign(x) log10(1 + |x|/0.001))'
set ylabel 'error of df in ULPs of the precision (log scale, 0 at the axis)'
set xrange [-27.832399653118497:27.832399653118497]
set yrange [-0.22182921935669275:7.3943073118897589]
set xtics ("0" 0, "-1e5" -8.0000000043429438, "1e5" 8.0000000043429438, "-1e10" -13.000000000000043, "1e10" 13.000000000000043, "-1e15" -18, "1e15" 18)
set ytics ("0" 0, "0.5" 0.17609125905568124, "1" 0.3010299956639812, "2" 0.47712125471966244, "5" 0.77815125038364363, "10" 1.0413926851582249, "100" 2.0043213737826426, "1000" 3.0004340774793188, "10000" 4.0000434272768626, "100000" 5.0000043429231047, "1e+06" 6.0000004342942646, "1e+07" 7.0000000434294458)
set label 'float32 regions' at graph 0.005, graph 0.46999999999999997 left font ',9' tc rgb '#2ca02c' front
set arrow from graph 0, graph 0.5 to graph 1, graph 0.5 nohead lc rgb '#cccccc' dt 3 back
set object 1 rect from first 3.266340840721849, graph 0 to first 3.4890000379467967, graph 0.48999999999999999 behind fc rgb '#e377c2' fs transparent solid 0.30 border lc rgb '#e377c2'
set label 'mismatch 2.385' at first 3.3776704393343229, graph 0.25 center rotate by 90 font ',8' front
set object 2 rect from first -0.11132959861247399, graph 0 to first 0.11132959861247399, graph 0.48999999999999999 behind fc rgb '#bcbd22' fs transparent solid 0.30 border lc rgb '#bcbd22'
set label 'kink 0' at first 0, graph 0.25 center rotate by 90 font ',8' front
set object 3 rect from first 22.265919722494797, graph 0 to first 41.531839419103626, graph 0.48999999999999999 behind fc rgb '#d62728' fs transparent solid 0.30 border lc rgb '#d62728'
set label 'overflow of f (inherent)' at first 25.049159687806647, graph 0.26500000000000001 center font ',9' front
set label 'from 1.845e+19' at first 25.049159687806647, graph 0.22500000000000001 center font ',9' front
set label 'float64 regions' at graph 0.005, graph 0.96999999999999997 left font ',9' tc rgb '#9467bd' front
set object 4 rect from first 3.266340840721849, graph 0.5 to first 3.4890000379467967, graph 0.98999999999999999 behind fc rgb '#e377c2' fs transparent solid 0.30 border lc rgb '#e377c2'
set label 'mismatch 2.385' at first 3.3776704393343229, graph 0.75 center rotate by 90 font ',8' front
set object 5 rect from first -0.11132959861247399, graph 0.5 to first 0.11132959861247399, graph 0.98999999999999999 behind fc rgb '#bcbd22' fs transparent solid 0.30 border lc rgb '#bcbd22'
set label 'kink 0' at first 0, graph 0.75 center rotate by 90 font ',8' front
set object 6 rect from first 22.265919722494797, graph 0.5 to first 311.25471555991675, graph 0.98999999999999999 behind fc rgb '#d62728' fs transparent solid 0.30 border lc rgb '#d62728'
set label 'overflow of f (inherent)' at first 25.049159687806647, graph 0.76500000000000001 center font ',9' front
set label 'from 1.845e+19' at first 25.049159687806647, graph 0.72499999999999998 center font ',9' front
set arrow from first 0, graph 0 to first 0, graph 1 nohead dt 2 lw 1.5 lc rgb '#555555' front
set label 'kink at 0' at first 0, graph 0.97 left offset 0.5,0 font ',9' front
$P0 << EOD
0 0
3.3776704393343229 6.6020600999015695
EOD
$P1 << EOD
0 0
3.3776704393343229 6.6020600999015695
EOD
plot $P1 using 1:2 with lines lw 1.5 lc rgb '#9467bd' title 'float64', \
     $P0 using 1:2 with lines lw 1.5 lc rgb '#2ca02c' title 'float32', \
     keyentry with boxes fs transparent solid 0.30 noborder fc rgb '#e377c2' title 'mismatch region', \
     keyentry with boxes fs transparent solid 0.30 noborder fc rgb '#bcbd22' title 'kink region', \
     keyentry with boxes fs transparent solid 0.30 noborder fc rgb '#d62728' title 'overflow region'
