// SPDX-License-Identifier: GPL-2.0
//
// Go's crypto/ed25519.Verify on each line of cases.c's output.
package main

import (
	"bufio"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		pk, _ := hex.DecodeString(f[0])
		var m []byte
		if f[1] != "-" {
			m, _ = hex.DecodeString(f[1])
		}
		sig, _ := hex.DecodeString(f[2])
		if ed25519.Verify(ed25519.PublicKey(pk), m, sig) {
			fmt.Println(1)
		} else {
			fmt.Println(0)
		}
	}
}
