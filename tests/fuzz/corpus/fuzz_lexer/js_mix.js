#!/usr/bin/env node
// TODO: x
const re = /\/\/|\/\*/g; x = a / b / c; // c
const s = `a
${ `b ${c}` } //`;
/* open