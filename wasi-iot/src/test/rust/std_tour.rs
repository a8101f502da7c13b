//! A tour of Rust's std on WASI: args, env, files, directories, clocks, stdin, exit code. (Symlinks are left to
//! the C programs: creating one needs std::os::wasi, unstable in Debian's Rust 1.63.)
//! Prints only what is the same natively and under WASI, so the output compares with a native build.
//! Usage: std_tour BASE_DIR [EXIT_CODE]
use std::fs;
use std::io::{self, Read, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn kind<T>(r: io::Result<T>) -> String {
    match r {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("{:?}", e.kind()),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = args[0].clone();
    println!("args after BASE_DIR: {:?}", &args[1..]);
    let mut vars: Vec<(String, String)> = std::env::vars().filter(|(k, _)| k.starts_with("TOUR_")).collect();
    vars.sort();
    println!("TOUR_ vars: {:?}", vars);

    let d = format!("{}/tour", base);
    println!("create_dir_all: {}", kind(fs::create_dir_all(format!("{}/a/b", d))));
    println!("create_dir again: {}", kind(fs::create_dir(format!("{}/a", d))));
    fs::write(format!("{}/a/b/hello.txt", d), b"hello from rust\n").unwrap();
    let mut f = fs::OpenOptions::new().append(true).open(format!("{}/a/b/hello.txt", d)).unwrap();
    f.write_all(b"second line\n").unwrap();
    drop(f);
    print!("read back: {}", fs::read_to_string(format!("{}/a/b/hello.txt", d)).unwrap());
    let meta = fs::metadata(format!("{}/a/b/hello.txt", d)).unwrap();
    println!("len={} is_file={} is_dir={}", meta.len(), meta.is_file(), meta.is_dir());
    println!("rename: {}", kind(fs::rename(format!("{}/a/b/hello.txt", d), format!("{}/a/greeting.txt", d))));
    println!("old name gone: {}", kind(fs::metadata(format!("{}/a/b/hello.txt", d))));
    println!("read_link on a file: {}", kind(fs::read_link(format!("{}/a/greeting.txt", d))));
    let mut names: Vec<String> = fs::read_dir(format!("{}/a", d)).unwrap()
        .map(|e| {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            let suffix = if t.is_dir() { "/" } else if t.is_symlink() { "@" } else { "" };
            format!("{}{}", e.file_name().to_string_lossy(), suffix)
        })
        .collect();
    names.sort();
    println!("read_dir: {:?}", names);
    // Only "it fails": Rust 1.63 maps WASI's ENOTEMPTY to ErrorKind::Uncategorized, natively DirectoryNotEmpty.
    println!("remove_dir non-empty fails: {}", fs::remove_dir(format!("{}/a", d)).is_err());
    println!("open missing: {}", kind(fs::File::open(format!("{}/nope", d))));
    println!("create_new existing: {}",
        kind(fs::OpenOptions::new().write(true).create_new(true).open(format!("{}/a/greeting.txt", d))));
    println!("remove_dir_all: {}", kind(fs::remove_dir_all(&d)));
    println!("gone: {}", kind(fs::metadata(&d)));

    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    println!("system time after 2020: {}", since_epoch.as_secs() > 1_577_836_800);
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(15));
    let slept = start.elapsed();
    println!("slept at least 15ms: {}", slept >= Duration::from_millis(15) && slept < Duration::from_secs(5));

    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    println!("stdin: {} bytes, {} lines, upper {:?}", input.len(), input.lines().count(), input.to_uppercase());
    io::stdout().flush().unwrap();
    let code: i32 = args.get(1).map(|c| c.parse().unwrap()).unwrap_or(0);
    std::process::exit(code);
}
