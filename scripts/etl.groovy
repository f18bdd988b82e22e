// ETL in Groovy, through Groovy's JSR-223 engine: tasks and flows are the Java API's.
//   ./orion run scripts/etl.groovy --param n=5   (with groovy-jsr223 on the class path)
def square = orion.task([name: 'square', retries: 2, tags: ['cpu']]) { x -> x * x }
def total = orion.task('total') { xs -> xs.sum() }

orion.flow('etl-groovy', [n: 10]) { n ->
    def squares = square.map((0..<n).toList())
    def sum = total.call(squares*.result())
    orion.log("sum of squares is ${sum}")
    sum
}
