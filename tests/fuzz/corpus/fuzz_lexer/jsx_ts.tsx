return (
  <div>Don't {/* c */}</div>
);
function f<T>(x: Array<T>): T { return x[0] / 2 }
}}}` ${ {a: 1}.a / 2 }
