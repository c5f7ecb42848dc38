// Package plural writes a count with its noun in the right number ("1
// element", "2 elements"), for every package that prints counts to people.
package plural

import "fmt"

// Count writes n and word, adding "s" to word unless n is 1. Words whose
// plural is not word+"s" need a phrase of their own.
func Count[N ~int | ~int64 | ~uint64](n N, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
